"""Read-mostly admin: changes to cases go through the API's services, which keep the
timeline, clocks and realtime events right."""

from django.contrib import admin

from inbox.models import AssignmentPolicy, CannedResponse, Case, CaseEvent, Message


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["direction", "kind", "text", "status", "received_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["pk", "customer", "channel_account", "status", "priority", "assignee", "last_message_at"]
    list_filter = ["status", "workspace"]
    readonly_fields = [f.name for f in Case._meta.fields]
    inlines = [MessageInline]

    def has_add_permission(self, request):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "actor", "occurred_at"]
    list_filter = ["kind"]


admin.site.register(CannedResponse)
admin.site.register(AssignmentPolicy)
