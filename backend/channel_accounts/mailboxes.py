"""Polling email accounts over IMAP: new messages enter the same path as webhooks.

Each new message is stored as an InboundEvent (raw RFC 5322 bytes, `pending`), which enqueues
its processing by trigger, exactly like a POSTed email. The account's `imap_cursor` (UIDVALIDITY
and the last UID read) moves forward in the same transaction as the stored events, so a crash
re-reads at most what was not committed, and processing dedupes by Message-ID anyway.
"""

from __future__ import annotations

import logging

from django.db import transaction

from channel_accounts.models import ChannelAccount, InboundEventStatus
from channel_accounts.selectors import webhook_account_of
from channel_accounts.services import inbound_event_store
from integrations.email.imap import ImapPoller
from integrations.errors import IntegrationError
from integrations.events import ChannelKind

logger = logging.getLogger("dialogo.mailboxes")
MAX_BATCHES_PER_POLL = 20


def polled_mailboxes() -> list[ChannelAccount]:
    accounts = ChannelAccount.objects.filter(kind=ChannelKind.EMAIL, is_active=True).order_by("pk")
    return [account for account in accounts if account.credentials.get("imap_host")]


def mailbox_poll(*, channel_account: ChannelAccount, poller: ImapPoller | None = None) -> int:
    """Store every message that arrived since the last poll; returns how many."""
    credentials = channel_account.credentials
    poller = poller or ImapPoller(credentials=credentials, account_external_id=channel_account.external_id)
    webhook_account = webhook_account_of(channel_account)
    stored = 0
    for _ in range(MAX_BATCHES_PER_POLL):
        cursor = channel_account.imap_cursor or {}
        result = poller.fetch_new(since_uid=int(cursor.get("last_uid", 0)), uidvalidity=cursor.get("uidvalidity"))
        with transaction.atomic():
            for uid, raw in result.messages:
                inbound_event_store(
                    account=webhook_account,
                    status=InboundEventStatus.PENDING,
                    headers={"x-dialogo-source": "imap", "x-imap-uid": str(uid), "x-imap-uidvalidity": str(result.uidvalidity)},
                    query_string="",
                    body=raw,
                )
            channel_account.imap_cursor = {"uidvalidity": result.uidvalidity, "last_uid": result.last_uid}
            ChannelAccount.objects.filter(pk=channel_account.pk).update(imap_cursor=channel_account.imap_cursor)
        stored += len(result.messages)
        if not result.has_more:
            break
    return stored


def mailboxes_poll() -> int:
    """Poll every email account that has IMAP credentials; one failing mailbox does not stop the others."""
    total = 0
    for account in polled_mailboxes():
        try:
            total += mailbox_poll(channel_account=account)
        except IntegrationError as exc:
            logger.warning("mailbox %s (%s) could not be polled: %s", account.pk, account.external_id, exc)
    return total
