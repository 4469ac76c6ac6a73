"""Cases, messages, the case timeline, canned responses, assignment and presence."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import WorkspaceOwnedModel, workspace_key


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    PENDING = "pending", "Waiting on customer"
    SNOOZED = "snoozed", "Snoozed"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    MERGED = "merged", "Merged"
    SPAM = "spam", "Spam"


# A case in one of these is "open": it takes the customer's next message on its thread.
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.PENDING, CaseStatus.SNOOZED)


class Priority(models.IntegerChoices):
    LOW = 0, "Low"
    NORMAL = 1, "Normal"
    HIGH = 2, "High"
    URGENT = 3, "Urgent"


class Case(WorkspaceOwnedModel):
    # Neither key has an index of its own: case_status_recent_idx and the other list indexes
    # lead with workspace, case_customer_idx with customer (a case row is written for every
    # customer message: each index costs the ingest).
    workspace = workspace_key(db_index=False)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="cases", db_index=False)
    identity = models.ForeignKey("customers.Identity", on_delete=models.PROTECT, related_name="cases")
    channel_account = models.ForeignKey("channel_accounts.ChannelAccount", on_delete=models.PROTECT, related_name="cases")
    # '' for private conversations; "post:<id>" for comments on one public post; "email:<id>"
    # for an email thread. One open case per (identity, account, thread).
    thread_key = models.CharField(max_length=300, blank=True, default="")
    subject = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW)
    priority = models.SmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey("accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_cases")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    tags = ArrayField(models.CharField(max_length=64), default=list, blank=True)

    opened_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField()
    last_customer_message_at = models.DateTimeField(null=True, blank=True)
    last_agent_reply_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(
        null=True, blank=True, help_text="Oldest customer message not yet answered by an agent; null when answered."
    )
    last_message_preview = models.CharField(max_length=200, blank=True)
    agent_reply_count = models.PositiveIntegerField(default=0)
    reopened_count = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_cases")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["identity", "channel_account", "thread_key"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_case_per_identity_thread",
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "-last_message_at"], name="case_status_recent_idx"),
            # Keyset pagination of the inbox list, one index per sort (inbox.filters): each page
            # walks the index from the cursor instead of sorting the workspace's cases.
            models.Index(fields=["workspace", "-last_message_at", "-id"], name="case_newest_idx"),
            models.Index(
                fields=["workspace", "-last_message_at", "-id"], condition=Q(status__in=OPEN_STATUSES), name="case_open_newest_idx"
            ),
            models.Index(
                fields=["workspace", "waiting_since", "id"], condition=Q(status__in=OPEN_STATUSES), name="case_open_oldest_waiting_idx"
            ),
            models.Index(
                fields=["workspace", "-priority", "waiting_since", "id"], condition=Q(status__in=OPEN_STATUSES), name="case_open_priority_idx"
            ),
            models.Index(fields=["workspace", "assignee", "status"], name="case_assignee_idx"),
            models.Index(fields=["workspace", "team", "status"], name="case_team_idx"),
            models.Index(fields=["workspace", "waiting_since"], condition=Q(waiting_since__isnull=False), name="case_waiting_idx"),
            models.Index(fields=["customer", "-last_message_at"], name="case_customer_idx"),
            models.Index(fields=["snoozed_until"], condition=Q(status="snoozed"), name="case_snoozed_idx"),
            GinIndex(fields=["tags"], name="case_tags_gin"),
        ]

    def __str__(self) -> str:
        return f"Case #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Direction(models.TextChoices):
    IN = "in", "From the customer"
    OUT = "out", "To the customer"


class MessageKind(models.TextChoices):
    PUBLIC = "public", "Public"
    NOTE = "note", "Private note"
    SYSTEM = "system", "System"


class DeliveryStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    READ = "read", "Read"
    FAILED = "failed", "Failed"


class Message(WorkspaceOwnedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages", db_index=False)  # message_case_time_idx
    channel_account = models.ForeignKey("channel_accounts.ChannelAccount", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    kind = models.CharField(max_length=8, choices=MessageKind.choices, default=MessageKind.PUBLIC)
    # What the customer did on the platform: message, comment, mention (integrations.events).
    source_kind = models.CharField(max_length=16, default="message")
    author = models.ForeignKey("accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(blank=True)
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    external_id = models.CharField(max_length=512, blank=True, help_text="The platform's message id (email: Message-ID).")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the platform says it was sent.")
    received_at = models.DateTimeField(help_text="When we stored it.")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices)
    error_code = models.CharField(max_length=64, blank=True)
    error_message = models.TextField(blank=True)
    # Outbound delivery (inbox.delivery): tries so far, and when the next one is due.
    send_attempts = models.PositiveSmallIntegerField(default=0)
    # WhatsApp outside the 24 h window: the approved template to send ({"name", "language", "parameters"}).
    template = models.JSONField(null=True, blank=True)
    # What the customer did to it afterwards (inbox.receipts).
    original_text = models.TextField(blank=True, help_text="The text before the customer edited or withdrew it.")
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    reaction = models.CharField(max_length=32, blank=True, help_text="The customer's current reaction to it.")
    search_vector = SearchVectorField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel_account", "external_id"], condition=~Q(external_id=""), name="message_unique_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["case", "received_at"], name="message_case_time_idx"),
            GinIndex(fields=["search_vector"], name="message_search_gin"),
        ]


class MessageAttachment(WorkspaceOwnedModel):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=16)
    url = models.URLField(max_length=2000)
    mime_type = models.CharField(max_length=127, blank=True)
    size_bytes = models.BigIntegerField(null=True, blank=True)
    name = models.CharField(max_length=255, blank=True)
    # Our copy (platform links expire): fetched by a job right after ingest (inbox.media).
    file = models.FileField(upload_to="attachments/", max_length=500, blank=True)
    fetch_status = models.CharField(max_length=8, default="pending", help_text="pending | stored | failed | skipped")
    fetch_error = models.TextField(blank=True)


class ReplyUpload(WorkspaceOwnedModel):
    """A file an agent attached in the composer, before the reply or note is sent (inbox.reply_media).
    Sending turns it into the message's attachment; unsent uploads are pruned after a day."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey("accounts.Membership", null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="replies/%Y/%m/", max_length=500)
    name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=127)
    size_bytes = models.BigIntegerField()
    attachment = models.OneToOneField(MessageAttachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload")


class Mention(WorkspaceOwnedModel):
    """An @mention of a colleague in a private note."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="mentions")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "membership"], name="mention_unique")]


class CaseEventKind(models.TextChoices):
    CREATED = "created"
    REOPENED = "reopened"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    TEAM_CHANGED = "team_changed"
    PRIORITY_CHANGED = "priority_changed"
    TAGGED = "tagged"
    UNTAGGED = "untagged"
    SNOOZED = "snoozed"
    WOKE_UP = "woke_up"
    MERGED = "merged"
    CUSTOMER_CHANGED = "customer_changed"
    SLA_AT_RISK = "sla_at_risk"
    SLA_BREACHED = "sla_breached"


class CaseEvent(WorkspaceOwnedModel):
    """One row of a case's timeline: what changed, who did it, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)  # case_event_time_idx
    kind = models.CharField(max_length=24, choices=CaseEventKind.choices)
    actor = models.ForeignKey("accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["case", "occurred_at"], name="case_event_time_idx")]


class CannedResponse(WorkspaceOwnedModel):
    """A saved answer, typed with `/shortcut`. Variables: {{customer.name}},
    {{customer.first_name}}, {{agent.name}}, {{agent.first_name}}, {{case.id}}."""

    shortcut = models.SlugField(max_length=64)
    title = models.CharField(max_length=120)
    body = models.TextField()
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "shortcut"], name="canned_response_unique_shortcut")]
        ordering = ["shortcut"]


class AssignmentMode(models.TextChoices):
    MANUAL = "manual", "Manual"
    ROUND_ROBIN = "round_robin", "Round robin among online agents"
    LOAD_BALANCED = "load_balanced", "Fewest open cases first"


class AssignmentPolicy(WorkspaceOwnedModel):
    """How new cases of a channel account, or of a team, find an agent."""

    channel_account = models.OneToOneField(
        "channel_accounts.ChannelAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="assignment_policy"
    )
    team = models.OneToOneField("accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="assignment_policy")
    mode = models.CharField(max_length=16, choices=AssignmentMode.choices, default=AssignmentMode.MANUAL)
    agent_capacity = models.PositiveIntegerField(default=10, help_text="Most open cases an agent gets automatically.")
    last_assigned = models.ForeignKey("accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(channel_account__isnull=False, team__isnull=True) | Q(channel_account__isnull=True, team__isnull=False),
                name="assignment_policy_for_account_xor_team",
            )
        ]


class PresenceStatus(models.TextChoices):
    ONLINE = "online", "Online"
    AWAY = "away", "Away"
    OFFLINE = "offline", "Offline"


# A live socket refreshes `last_seen_at` every 30 s; counts not refreshed for this long were
# left behind by a process that died without closing its sockets.
PRESENCE_TIMEOUT = timedelta(minutes=2)


class AgentPresence(WorkspaceOwnedModel):
    """Online means: the agent says so, has a live websocket, and one of their sockets was
    heard from within PRESENCE_TIMEOUT (inbox.presence keeps these up to date)."""

    membership = models.OneToOneField("accounts.Membership", on_delete=models.CASCADE, related_name="presence")
    status = models.CharField(max_length=8, choices=PresenceStatus.choices, default=PresenceStatus.ONLINE)
    connections = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    viewing = models.JSONField(
        default=dict, blank=True, help_text="Case id → how many of the agent's sockets have that case open (who is viewing)."
    )

    class Meta:
        indexes = [GinIndex(fields=["viewing"], name="agent_presence_viewing_gin")]

    def is_stale(self, now: datetime) -> bool:
        return self.last_seen_at is None or now - self.last_seen_at > PRESENCE_TIMEOUT

    def effective_status_at(self, now: datetime) -> str:
        if self.connections == 0 or self.is_stale(now):
            return PresenceStatus.OFFLINE
        return self.status

    @property
    def effective_status(self) -> str:
        return self.effective_status_at(timezone.now())
