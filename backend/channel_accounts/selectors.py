"""Reads over channel accounts."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from channel_accounts.crypto import credentials_decrypt
from channel_accounts.models import ChannelAccount, InboundEvent
from channel_accounts.webhooks import WebhookAccount
from integrations.events import ChannelKind


def channel_account_list(*, workspace) -> QuerySet[ChannelAccount]:
    return ChannelAccount.objects.for_workspace(workspace).order_by("name", "pk")


def webhook_account_get(*, kind: str, pk: int) -> WebhookAccount | None:
    """The account a webhook URL names, with decrypted credentials; None when there is none of that kind."""
    row = (
        ChannelAccount.objects.filter(pk=pk, kind=kind)
        .values_list("workspace_id", "external_id", "is_active", "credentials_ciphertext")
        .first()
    )
    if row is None:
        return None
    workspace_id, external_id, is_active, ciphertext = row
    return WebhookAccount(
        id=pk,
        workspace_id=workspace_id,
        kind=kind,
        external_id=external_id,
        is_active=is_active,
        credentials=credentials_decrypt(ciphertext),
    )


def webhook_account_of(channel_account: ChannelAccount) -> WebhookAccount:
    """A loaded channel account as the connectors' parsers take it. Credentials are decrypted only
    for email, whose `inbound_format` says where the message is (the body or a provider's form);
    no other parser reads them after the accept path."""
    return WebhookAccount(
        id=channel_account.pk,
        workspace_id=channel_account.workspace_id,
        kind=channel_account.kind,
        external_id=channel_account.external_id,
        is_active=channel_account.is_active,
        credentials=channel_account.credentials if channel_account.kind == ChannelKind.EMAIL else {},
    )


def channel_account_for_platform_id(*, workspace_id: int, kind: str, external_id: str) -> ChannelAccount | None:
    """Meta batches several pages/accounts in one POST: the account an event names, in the same workspace."""
    return ChannelAccount.objects.filter(workspace_id=workspace_id, kind=kind, external_id=external_id).first()


def inbound_event_list(*, workspace) -> QuerySet[InboundEvent]:
    """Newest first, without the raw bodies (they can be megabytes): the detail view has them."""
    return InboundEvent.objects.for_workspace(workspace).defer("body", "headers").order_by("-id")


def platform_api_base_url(channel_account: ChannelAccount, credentials: dict[str, str]) -> str:
    """Where this account's platform API lives: its own `api_base_url` credential, else the
    workspace-wide setting (the real platform, or a local fake in tests and the demo)."""
    return credentials.get("api_base_url") or settings.PLATFORM_API_BASE_URLS.get(channel_account.kind, "")
