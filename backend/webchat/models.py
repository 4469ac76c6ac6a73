"""A visitor's session with the embeddable web-chat widget (CHANNELS.md §8)."""

from __future__ import annotations

from django.db import models

from core.models import WorkspaceOwnedModel


class WidgetSession(WorkspaceOwnedModel):
    """One browser's conversation handle on one widget (a `webchat` channel account).

    The visitor holds an opaque token (≥128 random bits, in localStorage); we keep only its
    sha256. The session names the customer's identity on the channel: `user:<identifier>`
    when the host site proved who the visitor is (HMAC of the identifier), otherwise
    `visitor:<visitor_id>`. Several sessions may share one verified identity (two browsers)."""

    channel_account = models.ForeignKey("channel_accounts.ChannelAccount", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(
        max_length=64, unique=True, help_text="sha256 hex of the session token; the token itself is never stored."
    )
    visitor_id = models.CharField(max_length=32, unique=True)
    identity_external_id = models.CharField(
        max_length=255, help_text="The customers.Identity external id: user:<id> or visitor:<id>."
    )
    user_identifier = models.CharField(max_length=200, blank=True)
    verified = models.BooleanField(
        default=False, help_text="The host site signed user_identifier with the widget's identity secret."
    )
    # As the host page passed them: applied to the customer only when verified.
    name = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    origin = models.CharField(max_length=255, blank=True, help_text="The page origin the session was opened from.")
    last_seen_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["channel_account", "identity_external_id"], name="widget_session_identity_idx")]

    def __str__(self) -> str:
        return f"widget session {self.visitor_id} ({self.identity_external_id})"


class WidgetUpload(WorkspaceOwnedModel):
    """A file a visitor attached in the widget, before the message that carries it is sent
    (webchat.services.visitor_upload_create). Sending makes our stored copy the message's
    attachment — agents read it through /api/v1/attachments/<id>/ like any customer's file —
    and unsent uploads are pruned after a day."""

    session = models.ForeignKey(WidgetSession, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="webchat/%Y/%m/", max_length=500)
    name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=127, help_text="Read from the file's first bytes, not taken from the browser.")
    size_bytes = models.BigIntegerField()
    attachment = models.OneToOneField(
        "inbox.MessageAttachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="widget_upload"
    )

    def __str__(self) -> str:
        return f"widget upload {self.pk} ({self.name})"
