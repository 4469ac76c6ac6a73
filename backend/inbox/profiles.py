"""Customer profiles from the platforms: most webhooks carry only an id (a Messenger PSID, an
Instagram IGSID), so when a new identity appears a job asks the platform's profile API for the
name, avatar and follower count (where it gives them) and refreshes the customer's card."""

from __future__ import annotations

import logging
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from channel_accounts.models import ChannelAccount
from customers.models import Identity
from customers.services import identity_lock, identity_resolve
from inbox import events
from inbox.models import OPEN_STATUSES, Case
from integrations.errors import IntegrationError
from integrations.events import ChannelKind

logger = logging.getLogger("dialogo.profiles")
# Kinds whose webhooks lack the name and whose platform has a profile lookup.
PROFILE_KINDS = frozenset({ChannelKind.MESSENGER, ChannelKind.INSTAGRAM, ChannelKind.X, ChannelKind.TELEGRAM})


def profile_fetch_later(*, identity: Identity, channel_account: ChannelAccount) -> None:
    """Queue a profile lookup for an identity created in this transaction (joins it)."""
    if getattr(identity, "created_now", False) and channel_account.kind in PROFILE_KINDS:
        from inbox.tasks import fetch_identity_profile  # tasks import the ingest path

        fetch_identity_profile.defer(identity_id=identity.pk, channel_account_id=channel_account.pk)


def identity_profile_fetch(*, identity_id: int, channel_account_id: int) -> str:
    """Look the identity up on its platform and refresh it. Returns updated | none | failed | skipped."""
    from inbox.delivery import outbound_client  # delivery imports the ingest path

    identity = Identity.objects.filter(pk=identity_id).first()
    account = ChannelAccount.objects.filter(pk=channel_account_id, workspace_id=getattr(identity, "workspace_id", None)).first()
    if identity is None or account is None:
        return "skipped"
    try:
        with outbound_client(account) as client:
            if client is None:
                return "skipped"
            profile = client.profile(identity.external_id)
    except IntegrationError as exc:
        logger.info("profile of identity %s not available: %s", identity_id, exc)
        return "failed"
    if profile is None:
        return "none"
    with transaction.atomic():
        identity_lock(workspace_id=identity.workspace_id, channel_kind=identity.channel_kind, external_id=identity.external_id)
        identity_resolve(
            workspace_id=identity.workspace_id,
            channel_kind=identity.channel_kind,
            sender=replace(profile, external_id=identity.external_id),
            seen_at=timezone.now(),
        )
        for case in Case.objects.select_related("customer", "channel_account").filter(
            identity_id=identity_id, status__in=OPEN_STATUSES
        ):
            events.case_changed(case)  # the list shows the customer's name at once
    return "updated"
