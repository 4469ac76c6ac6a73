"""Channel accounts: a Facebook page, a WhatsApp number, a Telegram bot, a mailbox…

Credentials, webhook endpoints and the InboundEvent log arrive with the connectors; the
inbox core needs the account itself and its threading rules.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q

from core.models import WorkspaceOwnedModel
from integrations.events import ChannelKind

CHANNEL_KIND_CHOICES = [(kind.value, kind.name.title() if kind != ChannelKind.X else "X") for kind in ChannelKind]


class ChannelAccount(WorkspaceOwnedModel):
    kind = models.CharField(max_length=16, choices=CHANNEL_KIND_CHOICES)
    name = models.CharField(max_length=120)
    external_id = models.CharField(max_length=255, blank=True, help_text="Page id, phone number id, bot id, mailbox address…")
    is_active = models.BooleanField(default=True)

    # Threading rules (see inbox.ingest).
    reopen_window = models.DurationField(
        default=timedelta(days=7), help_text="A customer message this soon after resolution reopens the case; later, a new case."
    )
    email_subject_threading = models.BooleanField(
        default=True, help_text="Email: thread by a [#case] tag in the subject when headers do not match."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "external_id"], condition=~Q(external_id=""), name="channel_account_unique_external_id"
            )
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"
