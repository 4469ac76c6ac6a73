"""Builders for inbox tests: channel accounts and normalized inbound messages."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from channel_accounts.models import ChannelAccount
from inbox.ingest import message_ingest
from integrations.events import Attachment, AttachmentKind, ChannelKind, InboundMessage, MessageKind, Sender, ThreadHints

_ids = itertools.count(1)


def channel_account(workspace, kind: str = ChannelKind.API, name: str | None = None, **fields) -> ChannelAccount:
    return ChannelAccount.objects.create(
        workspace=workspace, kind=kind, name=name or f"{kind} account", external_id=f"{kind}-{next(_ids)}", **fields
    )


def inbound(
    sender: str = "customer-1",
    text: str = "Hola, ¿dónde está mi pedido?",
    *,
    kind: str = ChannelKind.API,
    external_id: str | None = None,
    name: str = "Ana García",
    message_kind: MessageKind = MessageKind.MESSAGE,
    sent_at: datetime | None = None,
    attachments: tuple[Attachment, ...] = (),
    language: str = "",
    email: str = "",
    phone: str = "",
    follower_count: int | None = None,
    **thread,
) -> InboundMessage:
    return InboundMessage(
        channel_kind=ChannelKind(kind),
        external_id=external_id or f"m-{next(_ids)}",
        sender=Sender(external_id=sender, display_name=name, language=language, email=email, phone=phone, follower_count=follower_count),
        sent_at=sent_at or datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        text=text,
        kind=message_kind,
        attachments=attachments,
        thread=ThreadHints(**thread),
    )


def ingest(account: ChannelAccount, message: InboundMessage | None = None, *, at: datetime | None = None, **kwargs):
    return message_ingest(channel_account=account, inbound=message or inbound(kind=account.kind, **kwargs), received_at=at)


def image(url: str = "https://cdn.example/photo.jpg") -> Attachment:
    return Attachment(kind=AttachmentKind.IMAGE, url=url, mime_type="image/jpeg", size_bytes=1234)


T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def later(**delta) -> datetime:
    return T0 + timedelta(**delta)
