from django.contrib import admin

from customers.models import Customer, CustomerMerge, Identity


class IdentityInline(admin.TabularInline):
    model = Identity
    extra = 0
    fields = ["channel_kind", "external_id", "username", "display_name", "follower_count"]
    readonly_fields = fields


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["display_name", "email", "phone", "workspace", "last_seen_at", "merged_into"]
    list_filter = ["workspace"]
    search_fields = ["display_name", "email", "phone"]
    inlines = [IdentityInline]


@admin.register(CustomerMerge)
class CustomerMergeAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "actor", "moved_case_count", "created_at"]
    readonly_fields = ["source", "target", "actor", "moved_identity_ids", "moved_case_count", "source_snapshot"]
