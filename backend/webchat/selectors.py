"""Reads for the widget: accounts, sessions and a visitor's conversation.

A visitor sees only public messages of the cases of their own identity on the widget's
channel account: never notes, never another customer's, never another workspace's.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.urls import reverse

from channel_accounts.models import ChannelAccount
from customers.models import Identity
from inbox.models import OPEN_STATUSES, Case, DeliveryStatus, Direction, Message, MessageAttachment, MessageKind
from integrations.events import ChannelKind
from webchat.models import WidgetSession

HISTORY_LIMIT = 100  # the newest messages a widget gets when it has none yet
PAGE_LIMIT = 200  # messages after a known id, per answer (`has_more` says to ask again)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def widget_account_get(*, pk: int) -> ChannelAccount | None:
    """The active `webchat` channel account a widget id names."""
    return ChannelAccount.objects.filter(pk=pk, kind=ChannelKind.WEBCHAT, is_active=True).first()


def widget_session_from_token(*, token: str) -> WidgetSession | None:
    """The session a token opens, while its widget is active."""
    if not token or len(token) > 200:
        return None
    return (
        WidgetSession.objects.select_related("channel_account")
        .filter(token_hash=token_hash(token), channel_account__kind=ChannelKind.WEBCHAT, channel_account__is_active=True)
        .first()
    )


def _identity_id(session: WidgetSession) -> int | None:
    return (
        Identity.objects.filter(
            workspace_id=session.workspace_id, channel_kind=ChannelKind.WEBCHAT, external_id=session.identity_external_id
        )
        .values_list("pk", flat=True)
        .first()
    )


def _visible_messages(session: WidgetSession, identity_id: int):
    return (
        Message.objects.filter(
            workspace_id=session.workspace_id,
            channel_account_id=session.channel_account_id,
            case__identity_id=identity_id,
            kind=MessageKind.PUBLIC,
        )
        .exclude(direction=Direction.OUT, status=DeliveryStatus.FAILED)
        .select_related("author__user")
        .prefetch_related("attachments")
    )


def visitor_messages(*, session: WidgetSession, after: int | None = None, limit: int | None = None) -> tuple[list[Message], bool]:
    """The visitor's conversation in server order (message id), across all their cases on this
    widget. Without `after`: the newest HISTORY_LIMIT. With it: those after that id, oldest
    first, PAGE_LIMIT at a time. Returns (messages, has_more).

    Ordering by id is the order the widget renders: inbound (ingest) and replies (case_reply)
    are both inserted under the case's row lock, so within a case ids follow commit order and
    "after the last id I saw" misses nothing."""
    identity_id = _identity_id(session)
    if identity_id is None:
        return [], False
    messages = _visible_messages(session, identity_id)
    if after is None:
        limit = min(limit or HISTORY_LIMIT, HISTORY_LIMIT)
        newest = list(messages.order_by("-pk")[: limit + 1])
        return list(reversed(newest[:limit])), len(newest) > limit
    limit = min(limit or PAGE_LIMIT, PAGE_LIMIT)
    rows = list(messages.filter(pk__gt=after).order_by("pk")[: limit + 1])
    return rows[:limit], len(rows) > limit


def visitor_message_get(*, session: WidgetSession, message_id: int) -> Message | None:
    identity_id = _identity_id(session)
    if identity_id is None:
        return None
    return _visible_messages(session, identity_id).filter(pk=message_id).first()


def visitor_open_case_id(*, session: WidgetSession) -> int | None:
    return (
        Case.objects.filter(
            workspace_id=session.workspace_id,
            channel_account_id=session.channel_account_id,
            identity__channel_kind=ChannelKind.WEBCHAT,
            identity__external_id=session.identity_external_id,
            status__in=OPEN_STATUSES,
        )
        .order_by("-last_message_at")
        .values_list("pk", flat=True)
        .first()
    )


def outbound_message_for_push(*, channel_account: ChannelAccount, message_id: int) -> Message | None:
    """An agent reply on this widget, as the delivery job pushes it."""
    return (
        Message.objects.select_related("author__user")
        .prefetch_related("attachments")
        .filter(pk=message_id, channel_account=channel_account, direction=Direction.OUT, kind=MessageKind.PUBLIC)
        .first()
    )


def client_message_id_of(message: Message) -> str:
    """Visitor messages carry `<session id>:<client_message_id>` as their external id."""
    if message.direction != Direction.IN:
        return ""
    return message.external_id.partition(":")[2]


def message_frame_payload(message: Message) -> dict[str, Any]:
    """A message as the widget shows it. Agents appear by name only: never their email."""
    author = None
    if message.direction == Direction.OUT and message.author_id and message.author:
        author = {"name": message.author.user.name or ""}
    return {
        "id": message.pk,
        "seq": message.pk,
        "direction": message.direction,
        "client_message_id": client_message_id_of(message),
        "text": "" if message.deleted_at else message.text,
        "status": message.status,
        "author": author,
        "created_at": message.received_at.isoformat(),
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": message.deleted_at is not None,
        "attachments": [] if message.deleted_at else _visitor_attachments(message),
    }


def _visitor_attachments(message: Message) -> list[dict[str, Any]]:
    """The message's files as the visitor may fetch them. An agent's: its public signed link
    (inbox.reply_media). The visitor's own: our stored copy at a widget path that needs the
    session token (`authenticated`) — a customer's file never gets a public link."""
    attachments = getattr(message, "_new_attachments", None)
    if attachments is None:
        attachments = message.attachments.all()
    if message.direction == Direction.OUT:
        return [
            {
                "kind": a.kind,
                "url": a.url,
                "name": a.name,
                "mime_type": a.mime_type,
                "size_bytes": a.size_bytes,
                "authenticated": False,
            }
            for a in attachments
            if a.url.startswith(("https://", "http://"))
        ]
    return [
        {
            "kind": a.kind,
            "url": reverse("widget-attachment", kwargs={"pk": a.pk}),
            "name": a.name,
            "mime_type": a.mime_type,
            "size_bytes": a.size_bytes,
            "authenticated": True,
        }
        for a in attachments
        if a.fetch_status == "stored" and a.file
    ]


def visitor_attachment_get(*, session: WidgetSession, attachment_id: int) -> MessageAttachment | None:
    """A stored file of a message the visitor can see (their own, or an agent's reply)."""
    identity_id = _identity_id(session)
    if identity_id is None:
        return None
    return (
        MessageAttachment.objects.filter(
            pk=attachment_id,
            workspace_id=session.workspace_id,
            fetch_status="stored",
            message__channel_account_id=session.channel_account_id,
            message__case__identity_id=identity_id,
            message__kind=MessageKind.PUBLIC,
            message__deleted_at__isnull=True,
        )
        .exclude(file="")
        .exclude(message__direction=Direction.OUT, message__status=DeliveryStatus.FAILED)
        .first()
    )


def message_id_for_external_id(*, channel_account: ChannelAccount, external_id: str) -> int | None:
    if not external_id:
        return None
    return Message.objects.filter(channel_account=channel_account, external_id=external_id).values_list("pk", flat=True).first()
