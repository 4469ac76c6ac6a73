from django.contrib import admin, messages

from channel_accounts.models import ChannelAccount, InboundEvent, InboundEventStatus
from channel_accounts.services import inbound_event_reprocess
from core.errors import ApplicationError


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "external_id", "workspace", "is_active"]
    list_filter = ["kind", "workspace", "is_active"]
    exclude = ["credentials_ciphertext"]  # edited through the API, never shown in clear


@admin.register(InboundEvent)
class InboundEventAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "channel_account", "status", "received_at", "attempts", "error"]
    list_filter = ["status", "kind", "workspace"]
    readonly_fields = [field.name for field in InboundEvent._meta.fields]
    actions = ["reprocess"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Reprocess the selected events")
    def reprocess(self, request, queryset):
        done = 0
        for event in queryset.exclude(
            status__in=[InboundEventStatus.REJECTED, InboundEventStatus.MALFORMED, InboundEventStatus.PENDING]
        ):
            try:
                inbound_event_reprocess(inbound_event=event)
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"Event {event.pk}: {exc.message}", messages.WARNING)
        self.message_user(request, f"{done} event(s) queued for processing again.")
