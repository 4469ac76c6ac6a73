"""Channel accounts (a Facebook page, a WhatsApp number, a Telegram bot, a mailbox…), their
encrypted credentials, and the InboundEvent log: every webhook request exactly as received.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q

from channel_accounts.crypto import credentials_decrypt, credentials_encrypt
from core.models import WorkspaceOwnedModel, WorkspaceQuerySet
from integrations.events import ChannelKind

CHANNEL_KIND_CHOICES = [(kind.value, kind.name.title() if kind != ChannelKind.X else "X") for kind in ChannelKind]


class ChannelAccount(WorkspaceOwnedModel):
    kind = models.CharField(max_length=16, choices=CHANNEL_KIND_CHOICES)
    name = models.CharField(max_length=120)
    external_id = models.CharField(max_length=255, blank=True, help_text="Page id, phone number id, bot id, mailbox address…")
    is_active = models.BooleanField(default=True)
    # Routing: new cases of this account go to this team (its queue, its assignment policy,
    # its agents' live lists). None: the workspace's shared queue.
    default_team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="New cases of this account are given to this team.",
    )

    # Threading rules (see inbox.ingest).
    reopen_window = models.DurationField(
        default=timedelta(days=7), help_text="A customer message this soon after resolution reopens the case; later, a new case."
    )
    email_subject_threading = models.BooleanField(
        default=True, help_text="Email: thread by a [#case] tag in the subject when headers do not match."
    )
    # Fernet ciphertext of a JSON object (integrations.outbound.CREDENTIAL_FIELDS); read and
    # write through `credentials` only. Never serialized back in clear (see serializers).
    credentials_ciphertext = models.TextField(blank=True, default="")
    # Email accounts with IMAP credentials: how far the poller has read ({"uidvalidity", "last_uid"}).
    imap_cursor = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "external_id"],
                condition=~Q(external_id=""),
                name="channel_account_unique_external_id",
            )
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def credentials(self) -> dict[str, str]:
        return credentials_decrypt(self.credentials_ciphertext)

    @credentials.setter
    def credentials(self, value: dict[str, str]) -> None:
        self.credentials_ciphertext = credentials_encrypt({key: str(v) for key, v in value.items() if v not in (None, "")})


class InboundEventStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be processed"
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Nothing to do (unknown or out-of-scope event types)"
    REJECTED = "rejected", "Refused: missing or forged signature"
    MALFORMED = "malformed", "Refused: not the platform's format"
    FAILED = "failed", "Processing failed; will be retried"
    DEAD = "dead", "Processing failed too many times; reprocess by hand"


class InboundEvent(models.Model):
    """One webhook request exactly as it arrived: raw bytes, headers, when. Written by the
    webhook accept path in one INSERT; a database trigger (migration 0003) enqueues its
    processing in the same transaction, so an event stored is an event processed. Forged and
    malformed requests are stored too (never processed) so they can be inspected and replayed.

    Deliberately not a WorkspaceOwnedModel (no updated_at, no ORM save on the hot path), but
    scoped by `workspace_id` like every tenant table.

    Its two references are not foreign-key constraints in the database, and have no index of
    their own (the composite indexes below lead with them): the accept path writes thousands of
    rows a second, and a constraint check takes a share lock on the same workspace and account
    row for every one of them (concurrent lockers of one row cost PostgreSQL a multixact each).
    The ids come from the rows the gateway just read; Django still cascades deletes."""

    id = models.BigAutoField(primary_key=True)
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    channel_account = models.ForeignKey(
        ChannelAccount, on_delete=models.CASCADE, related_name="inbound_events", db_constraint=False, db_index=False
    )
    kind = models.CharField(max_length=16, choices=CHANNEL_KIND_CHOICES)
    status = models.CharField(max_length=10, choices=InboundEventStatus.choices)
    received_at = models.DateTimeField()
    headers = models.JSONField(default=dict)
    query_string = models.TextField(blank=True, default="")
    body = models.BinaryField()
    error = models.TextField(blank=True, default="", help_text="Why it was refused, or the last processing failure.")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.JSONField(default=dict, blank=True, help_text="What processing did: counts per outcome.")

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "channel_account", "-id"], name="inbound_event_account_idx"),
            models.Index(fields=["workspace", "status", "-id"], name="inbound_event_status_idx"),
            # The drainer's claim: due work only, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"], condition=Q(status__in=["pending", "failed"]), name="inbound_event_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} event {self.pk} ({self.status})"


class WebhookNonce(models.Model):
    """A one-time proof a platform's request carried, remembered while a replay of it would still
    pass: Mailgun signs only its `timestamp` + `token`, never the body, so within the freshness
    window a captured request's proof could carry another message. The accept path records the
    token in the same statement as the request's InboundEvent; a second request with it is kept
    as `ignored` (integrations.email.verify.MAILGUN_TOKEN_KEEP). Expired rows of an account are
    deleted by its next insert."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+", db_index=False)
    channel_account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="+", db_index=False)
    nonce = models.CharField(max_length=255)
    expires_at = models.DateTimeField()

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel_account", "nonce"], name="webhook_nonce_unique")]

    def __str__(self) -> str:
        return f"nonce of account {self.channel_account_id} until {self.expires_at:%H:%M:%S}"
