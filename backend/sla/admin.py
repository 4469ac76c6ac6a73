"""Read-mostly admin: clocks change only through sla.services (the bridge and the sweep)."""

from django.contrib import admin

from sla.models import BusinessCalendar, CaseSla, SlaEvent, SlaPolicy


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "timezone", "holiday_country", "holiday_subdivision"]
    list_filter = ["workspace"]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "position", "is_default", "is_active", "calendar"]
    list_filter = ["workspace", "is_active"]


@admin.register(CaseSla)
class CaseSlaAdmin(admin.ModelAdmin):
    list_display = ["case_id", "policy", "first_response_status", "next_response_status", "resolution_status", "next_due_at"]
    list_filter = ["workspace", "resolution_status"]
    readonly_fields = [field.name for field in CaseSla._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SlaEvent)
class SlaEventAdmin(admin.ModelAdmin):
    list_display = ["case_id", "target", "kind", "cycle", "occurred_at", "margin_seconds", "dispatched_at"]
    list_filter = ["kind", "target"]
    readonly_fields = [field.name for field in SlaEvent._meta.fields]
