"""Sending agent replies through the channel's platform client.

`case_reply` stores the reply as `queued` and fires `outbound_message_queued`; the receiver
below defers the `deliver_message` job inside that same transaction (Procrastinate joins it),
so a stored reply is a reply sent. The job builds an `OutboundMessage` (recipient, reply-to,
our correlation id, the HUMAN_AGENT tag when Meta's 24 h window has passed, email threading
headers), calls the channel's client (integrations/<kind>/client.py, pointed at the real
platform or at a local fake by settings.PLATFORM_API_BASE_URLS) and records the outcome:
`sent` with the platform's id (so the echo and the receipts find it), or `failed` with the
platform's words for the agent. Rate limits and transient errors retry with backoff.

A crash between the platform accepting a send and our commit can send twice: no platform
here takes an idempotency key. Email is the exception: its Message-ID is ours and is saved
before sending.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from channel_accounts.models import ChannelAccount
from channel_accounts.selectors import platform_api_base_url
from inbox import signals
from inbox.ingest import email_reply_token
from inbox.models import Case, DeliveryStatus, Direction, Message, MessageKind
from inbox.receipts import ECHO_CORRELATION_PREFIX, message_status_advance
from inbox.reply_windows import ReplyPolicy, reply_window
from integrations.email.smtp import SmtpClient
from integrations.errors import (
    CredentialsRejected,
    IntegrationError,
    MessagingWindowClosed,
    PlatformError,
    RateLimited,
    RecipientBlocked,
    TemplateRequired,
)
from integrations.events import AttachmentKind, ChannelKind
from integrations.instagram.client import InstagramClient
from integrations.messenger.client import MessengerClient
from integrations.outbound import EmailHeaders, OutboundAttachment, OutboundClient, OutboundMessage, SendResult, TemplateRef
from integrations.telegram.client import TelegramClient
from integrations.whatsapp.client import WhatsAppClient
from integrations.x.client import XClient

logger = logging.getLogger("dialogo.delivery")

ClientFactory = Callable[[ChannelAccount], OutboundClient]
_client_factories: dict[str, ClientFactory] = {}


def outbound_client_register(kind: str, factory: ClientFactory) -> None:
    """Let another app deliver a kind (the web-chat widget pushes over its own sockets)."""
    _client_factories[kind] = factory


# The platform clients by kind; email goes over SMTP (below), `api` has no outbound transport.
PLATFORM_CLIENTS = {
    ChannelKind.MESSENGER: MessengerClient,
    ChannelKind.INSTAGRAM: InstagramClient,
    ChannelKind.WHATSAPP: WhatsAppClient,
    ChannelKind.TELEGRAM: TelegramClient,
    ChannelKind.X: XClient,
}


def has_outbound_transport(channel_account: ChannelAccount) -> bool:
    """False for `api` accounts: the integrator reads replies from the REST API."""
    return channel_account.kind in _client_factories or channel_account.kind != ChannelKind.API


def _client_for(channel_account: ChannelAccount) -> OutboundClient:
    kind = channel_account.kind
    if kind in _client_factories:
        return _client_factories[kind](channel_account)
    credentials = channel_account.credentials
    common = {"credentials": credentials, "account_external_id": channel_account.external_id}
    if kind == ChannelKind.EMAIL:
        return SmtpClient(**common, domain=_email_domain(channel_account))
    if kind not in PLATFORM_CLIENTS:
        raise LookupError(f"no outbound client for channel kind {kind!r}")
    return PLATFORM_CLIENTS[kind](**common, base_url=platform_api_base_url(channel_account, credentials))


@contextmanager
def outbound_client(channel_account: ChannelAccount) -> Iterator[OutboundClient | None]:
    """The client that sends for this account (None without an outbound transport), its HTTP
    connections closed after use."""
    client = _client_for(channel_account) if has_outbound_transport(channel_account) else None
    try:
        yield client
    finally:
        close = getattr(client, "close", None)
        if close is not None:
            close()


@receiver(signals.outbound_message_queued, dispatch_uid="inbox.delivery.defer_on_queue")
def defer_delivery(sender, *, message: Message, **kwargs) -> None:
    from inbox.tasks import deliver_message  # tasks import this module

    deliver_message.defer(message_id=message.pk)


# Channels that take the file itself rather than a link: email attaches it, X uploads images.
CHANNELS_TAKING_BYTES = {ChannelKind.EMAIL: 20 * 1024 * 1024, ChannelKind.X: 5 * 1024 * 1024}


def _with_file_bytes(outbound: OutboundMessage, message: Message, kind: str) -> OutboundMessage:
    """The reply with its files' bytes, for channels that take bytes (read from storage: up to
    20 MB, so outside the transaction holding the message's row lock)."""
    if kind not in CHANNELS_TAKING_BYTES or not outbound.attachments:
        return outbound
    files = tuple(
        dataclasses.replace(attachment, content=_attachment_bytes(row, kind))
        for attachment, row in zip(outbound.attachments, message.attachments.all(), strict=True)
    )
    return dataclasses.replace(outbound, attachments=files)


def _attachment_bytes(attachment, kind: str) -> bytes:
    limit = CHANNELS_TAKING_BYTES.get(kind)
    if limit is None or not attachment.file or (attachment.size_bytes or 0) > limit:
        return b""
    with attachment.file.open("rb") as handle:
        return handle.read(limit + 1)[:limit]


def _attachment_kind(kind: str) -> AttachmentKind:
    try:
        return AttachmentKind(kind)
    except ValueError:
        return AttachmentKind.FILE


def _email_domain(channel_account: ChannelAccount) -> str:
    return channel_account.external_id.rpartition("@")[2] or "dialogo.local"


def _outbound(message: Message, case: Case) -> OutboundMessage:
    customer_messages = Message.objects.filter(case=case, direction=Direction.IN).exclude(external_id="").order_by("-received_at")
    last_inbound = customer_messages.only("external_id", "received_at", "sent_at", "source_kind").first()
    kind = case.channel_account.kind
    fields: dict = {
        "recipient_external_id": case.identity.external_id,
        "text": message.text,
        "reply_to_external_id": message.reply_to.external_id if message.reply_to_id and message.reply_to else "",
        "correlation_id": f"{ECHO_CORRELATION_PREFIX}{message.pk}",
    }
    if message.template:
        fields["template"] = TemplateRef(
            name=message.template["name"],
            language=message.template["language"],
            parameters=tuple(message.template.get("parameters", ())),
        )
    if last_inbound is not None and last_inbound.source_kind in ("comment", "mention"):
        fields["comment_id"] = last_inbound.external_id  # answer publicly, under the customer's comment
    if kind in (ChannelKind.MESSENGER, ChannelKind.INSTAGRAM) and last_inbound is not None:
        window = reply_window(
            channel_kind=kind,
            thread_key=case.thread_key,
            last_customer_message_at=last_inbound.sent_at or last_inbound.received_at,
            now=timezone.now(),
        )
        fields["human_agent_tag"] = window.policy == ReplyPolicy.HUMAN_AGENT
    # Without their bytes: those are read after the row lock is released (_with_file_bytes).
    attachments = [
        OutboundAttachment(kind=_attachment_kind(a.kind), url=a.url, mime_type=a.mime_type, name=a.name) for a in message.attachments.all()
    ]
    if attachments:
        fields["attachments"] = tuple(attachments)
    if kind == ChannelKind.EMAIL:
        from integrations.email.compose import new_message_id, plus_address

        thread_ids = list(
            Message.objects.filter(case=case)
            .exclude(external_id="")
            .exclude(pk=message.pk)
            .order_by("received_at")
            .values_list("external_id", flat=True)
        )
        if not message.external_id:
            message.external_id = new_message_id(f"case-{case.pk}", _email_domain(case.channel_account))
            message.save(update_fields=["external_id", "updated_at"])
        domain = case.channel_account.external_id.partition("@")[2]
        fields["email"] = EmailHeaders(
            message_id=message.external_id,
            subject=case.subject or "",
            in_reply_to=last_inbound.external_id if last_inbound else "",
            references=tuple(thread_ids[-20:]),
            reply_to=plus_address(case.channel_account.external_id, email_reply_token(case)) if domain else "",
            from_name=case.channel_account.name,
        )
    return OutboundMessage(**fields)


def message_deliver(*, message_id: int) -> str:
    """Send one queued reply. Returns the outcome (sent | failed | retry | skipped). Raises
    `RetryLater` for rate limits and transient platform errors (the job retries it)."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("case__identity", "case__channel_account", "reply_to")
            .prefetch_related("attachments")
            .filter(pk=message_id, direction=Direction.OUT, kind=MessageKind.PUBLIC)
            .first()
        )
        if message is None or message.status != DeliveryStatus.QUEUED:
            return "skipped"  # already sent by an earlier run, or not a reply
        message.send_attempts += 1
        message.save(update_fields=["send_attempts", "updated_at"])
        case = message.case
        if not has_outbound_transport(case.channel_account):
            message.sent_at = timezone.now()
            message.save(update_fields=["sent_at", "updated_at"])
            message_status_advance(message=message, status=DeliveryStatus.SENT)
            return "sent"
        outbound = _outbound(message, case)
    # The platform call happens outside any transaction: no row lock is held while we wait on it.
    outbound = _with_file_bytes(outbound, message, case.channel_account.kind)
    try:
        with outbound_client(case.channel_account) as client:
            result: SendResult = client.send(outbound)
    except (RateLimited, PlatformError) as exc:
        retryable = isinstance(exc, RateLimited) or exc.retryable
        if retryable and message.send_attempts < settings.OUTBOUND_MAX_ATTEMPTS:
            delay = exc.retry_after if isinstance(exc, RateLimited) and exc.retry_after else 5 * 2 ** (message.send_attempts - 1)
            raise RetryLater(str(exc), delay=delay) from exc
        return _fail(message_id, _error_code(exc), _agent_message(exc))
    except IntegrationError as exc:
        return _fail(message_id, _error_code(exc), _agent_message(exc))
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if result.external_id:
            message.external_id = result.external_id
        message.sent_at = result.sent_at or timezone.now()
        message.save(update_fields=["external_id", "sent_at", "updated_at"])
        message_status_advance(message=message, status=DeliveryStatus.SENT)
    return "sent"


class RetryLater(Exception):
    def __init__(self, detail: str, *, delay: float) -> None:
        super().__init__(detail)
        self.delay = delay


def _fail(message_id: int, code: str, text: str) -> str:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        message_status_advance(message=message, status=DeliveryStatus.FAILED, error_code=code, error_message=text)
    return "failed"


def _error_code(exc: IntegrationError) -> str:
    if isinstance(exc, TemplateRequired):
        return "template_required"
    if isinstance(exc, MessagingWindowClosed):
        return "window_closed"
    if isinstance(exc, RecipientBlocked):
        return "recipient_blocked"
    if isinstance(exc, CredentialsRejected):
        return "credentials_rejected"
    if isinstance(exc, RateLimited):
        return "rate_limited"
    if isinstance(exc, PlatformError):
        return f"platform:{exc.code}" if exc.code else "platform_error"
    return type(exc).__name__


def _agent_message(exc: IntegrationError) -> str:
    """What the agent reads under the failed reply: the platform's words and what to do next."""
    if isinstance(exc, TemplateRequired):
        return f"WhatsApp's 24-hour window has closed: send an approved template to restart the conversation. ({exc})"
    if isinstance(exc, MessagingWindowClosed):
        return f"The platform's messaging window has closed; a human agent may still reply within 7 days with the HUMAN_AGENT tag. ({exc})"
    if isinstance(exc, RecipientBlocked):
        return f"The customer cannot receive messages from this account (blocked or unavailable). ({exc})"
    if isinstance(exc, CredentialsRejected):
        return f"The platform refused this channel's credentials: an admin must reconnect it. ({exc})"
    return str(exc)


def case_mark_read(*, case_id: int) -> str:
    """Tell the customer's platform that we read them (Messenger "seen", WhatsApp blue ticks,
    the web-chat widget's "Read"): when an agent opens a case whose last message is the
    customer's. Returns marked | skipped | failed; never raises for the platform's refusal."""
    case = Case.objects.select_related("identity", "channel_account").filter(pk=case_id).first()
    if case is None:
        return "skipped"
    last = (
        Message.objects.filter(case=case, kind=MessageKind.PUBLIC)
        .order_by("-received_at")
        .only("direction", "external_id")
        .first()
    )
    if last is None or last.direction != Direction.IN:
        return "skipped"  # nothing unread from the customer
    try:
        with outbound_client(case.channel_account) as client:
            if client is None:
                return "skipped"
            client.mark_read(recipient_external_id=case.identity.external_id, external_message_id=last.external_id)
    except IntegrationError as exc:
        logger.info("case %s: the platform refused the read mark: %s", case_id, exc)
        return "failed"
    return "marked"
