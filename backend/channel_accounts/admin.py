from django.contrib import admin

from channel_accounts.models import ChannelAccount


@admin.register(ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "external_id", "workspace", "is_active"]
    list_filter = ["kind", "workspace", "is_active"]
