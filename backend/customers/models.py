"""Customers and their identities on each channel."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from channel_accounts.models import CHANNEL_KIND_CHOICES
from core.models import WorkspaceOwnedModel, workspace_key


class Customer(WorkspaceOwnedModel):
    """A person who writes to the brand, across however many channels."""

    workspace = workspace_key(db_index=False)  # customer_last_seen_idx leads with it
    display_name = models.CharField(max_length=255, blank=True)
    avatar_url = models.URLField(max_length=1000, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1, e.g. es")
    locale = models.CharField(max_length=16, blank=True, help_text="e.g. es_ES")
    opted_in = models.JSONField(default=dict, blank=True, help_text="Per channel kind: may we message them first (campaigns)?")
    follower_count = models.PositiveIntegerField(null=True, blank=True, help_text="Largest follower count any platform reported.")
    tags = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
        help_text="Set when this customer was merged into another; the row is kept for history.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "email"], condition=~Q(email=""), name="customer_email_idx"),
            models.Index(fields=["workspace", "phone"], condition=~Q(phone=""), name="customer_phone_idx"),
            models.Index(fields=["workspace", "last_seen_at"], name="customer_last_seen_idx"),
            GinIndex(fields=["tags"], name="customer_tags_gin"),
        ]

    def __str__(self) -> str:
        return self.display_name or f"Customer {self.pk}"


class Identity(WorkspaceOwnedModel):
    """A customer's account on one channel kind: unique per workspace, so concurrent
    deliveries for the same new sender can only ever create one."""

    workspace = workspace_key(db_index=False)  # identity_unique_per_channel_kind leads with it
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="identities")
    channel_kind = models.CharField(max_length=16, choices=CHANNEL_KIND_CHOICES)
    external_id = models.CharField(max_length=255)
    username = models.CharField(max_length=255, blank=True)
    display_name = models.CharField(max_length=255, blank=True)
    avatar_url = models.URLField(max_length=1000, blank=True)
    follower_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "channel_kind", "external_id"], name="identity_unique_per_channel_kind")
        ]

    def __str__(self) -> str:
        return f"{self.channel_kind}:{self.username or self.external_id}"


class CustomerMerge(WorkspaceOwnedModel):
    """Audit row: who merged which customer into which, and what moved."""

    source = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey("accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moved_identity_ids = ArrayField(models.BigIntegerField(), default=list)
    moved_case_count = models.PositiveIntegerField(default=0)
    source_snapshot = models.JSONField(default=dict)


class TaggingRule(WorkspaceOwnedModel):
    """Tags a customer (and optionally the case) when a message they send matches.

    Conditions, all of which must hold (an empty list matches everything):
    - `channel_kinds`: the channel the message came in on;
    - `keywords`: any of them in the message text, case-insensitively and as whole words
      ("refund" matches "Refund!" but not "refunded");
    - `languages`: the customer's language (ISO 639-1).
    Applied on ingest (inbox receivers → customers.services.tagging_rules_apply); never
    removes a tag.
    """

    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)
    channel_kinds = ArrayField(models.CharField(max_length=16, choices=CHANNEL_KIND_CHOICES), default=list, blank=True)
    keywords = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    languages = ArrayField(models.CharField(max_length=8), default=list, blank=True)
    tags = ArrayField(models.CharField(max_length=64), help_text="Loyalty tags added to the customer.")
    tag_case = models.BooleanField(default=False, help_text="Add the same tags to the case the message belongs to.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="tagging_rule_unique_name")]
        indexes = [models.Index(fields=["workspace"], condition=Q(is_active=True), name="tagging_rule_active_idx")]
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
