"""Accepting a platform webhook: handshake, signature over the raw bytes, one stored row.

`webhook_answer` is the whole decision, with no I/O: given the channel account (or None),
the request method, query, headers and raw body, it says what to answer and what to store.
Two thin adapters call it: the ASGI fast path (channel_accounts.webhook_gateway, async
psycopg pool, what production traffic hits) and a plain Django view (WSGI deployments, the
test client). Both then store the request as one InboundEvent row; a database trigger
enqueues its processing in the same transaction (migration 0003).

Email takes three shapes (the account's `inbound_format`, integrations.email.esp): the raw
message as the body, SendGrid's Inbound Parse form (both proven by our shared secret), or a
Mailgun route's form, proven by the HMAC of its `timestamp` + `token` in the form itself. The
connector parses the message inside, the same bytes either way; a Mailgun token seen before
(channel_accounts.models.WebhookNonce) marks a replay, stored `ignored` by the adapters.

Answers (JSON errors in the API's shape {message, code, extra}):
- handshake GET (Meta `hub.*`, X `crc_token`) → 200 with the challenge, or 403;
- unsigned POST → 401, forged POST → 403: stored as `rejected`, never processed;
- POST that is not the platform's format → 400 saying what and where: stored as `malformed`;
- POST whose events are all of types we do not act on → 200, stored as `ignored`;
- anything else → 200, stored as `pending` and processed by a job (inbox.inbound).
A duplicate delivery is stored again (the log is a log) and changes nothing when processed:
messages are unique per (channel account, platform id).
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy as email_policy
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from typing import Any

from integrations.email import esp
from integrations.email import parse as email_parse
from integrations.email.verify import INBOUND_SECRET_HEADER, verify_mailgun, verify_shared_secret
from integrations.errors import BadSignature, HandshakeRejected, MalformedPayload
from integrations.events import ChannelKind, Event, Ignored
from integrations.instagram import parse as instagram_parse
from integrations.messenger import parse as messenger_parse
from integrations.meta import verify as meta_verify
from integrations.telegram import parse as telegram_parse
from integrations.telegram import verify as telegram_verify
from integrations.whatsapp import parse as whatsapp_parse
from integrations.x import parse as x_parse
from integrations.x import verify as x_verify

logger = logging.getLogger("dialogo.webhooks")

# Kinds whose webhooks go through here; `api` (token-authenticated REST) and `webchat`
# (websocket) have their own entry points.
WEBHOOK_KINDS = (
    ChannelKind.MESSENGER,
    ChannelKind.INSTAGRAM,
    ChannelKind.WHATSAPP,
    ChannelKind.TELEGRAM,
    ChannelKind.X,
    ChannelKind.EMAIL,
)
MAX_BODY_BYTES = 30 * 1024 * 1024  # WhatsApp caps payloads at 3 MB; raw emails with attachments are bigger
# Request headers never stored: credentials of the caller, not part of the platform's message.
UNSTORED_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization"})
EMAIL_SECRET_HEADER = INBOUND_SECRET_HEADER.lower()
MASKED_HEADERS = frozenset({telegram_verify.SECRET_HEADER.lower(), EMAIL_SECRET_HEADER})
# Senders whose mail is a bounce (as integrations.email.parse reads them): parsed whole at accept.
MAILER_DAEMONS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"})


@dataclass(frozen=True, slots=True)
class WebhookAccount:
    """What the accept path needs of a channel account (decrypted credentials included)."""

    id: int
    workspace_id: int
    kind: str
    external_id: str
    is_active: bool
    credentials: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WebhookAnswer:
    status_code: int
    body: bytes
    content_type: str = "application/json"
    store_status: str | None = None  # InboundEventStatus value, or None: nothing to store
    error: str = ""
    # A one-time proof the request carried (Mailgun's token): the adapters store the row `pending`
    # only if no earlier request of the account carried it, else `ignored` (DUPLICATE_NONCE).
    nonce: str = ""


ACCEPTED = b'{"ok":true}'
DUPLICATE_NONCE = "duplicate delivery: an earlier request carried the same Mailgun token"
MAILGUN_SIGNING_KEY = "mailgun_signing_key"


def _json(status_code: int, message: str, code: str, extra: dict[str, Any] | None = None, **store: str) -> WebhookAnswer:
    body = json.dumps({"message": message, "code": code, "extra": extra or {}}).encode()
    return WebhookAnswer(status_code=status_code, body=body, store_status=store.get("store_status"), error=store.get("error", ""))


PARSERS: dict[str, Callable[[bytes, WebhookAccount], list[Event]]] = {
    ChannelKind.MESSENGER: lambda body, account: messenger_parse.parse(body),
    ChannelKind.INSTAGRAM: lambda body, account: instagram_parse.parse(body),
    ChannelKind.WHATSAPP: lambda body, account: whatsapp_parse.parse(body),
    # Some Telegram updates carry no date (deleted business messages): dated when received.
    ChannelKind.TELEGRAM: lambda body, account: telegram_parse.parse(body, received_at=datetime.now(UTC)),
    ChannelKind.X: lambda body, account: x_parse.parse(body),
    ChannelKind.EMAIL: lambda body, account: email_parse.parse(body, mailbox_address=account.external_id),
}


def events_parse(*, kind: str, body: bytes, account: WebhookAccount, content_type: str = "") -> list[Event]:
    """The normalized events of a stored request (the processing job re-parses the raw bytes).
    Email: `content_type` (the request's) and the account's credentials (its `inbound_format`) say
    whether the message is the body or a field of a provider's form."""
    if kind == ChannelKind.EMAIL:
        inbound_format = esp.inbound_format(account.credentials)
        body = esp.message_bytes(bytes(body), content_type=content_type, inbound_format=inbound_format)
    return PARSERS[kind](bytes(body), account)


def email_head(raw: bytes) -> bytes:
    """The header block of a raw email (up to the first empty line)."""
    ends = [at + len(blank) for blank in (b"\r\n\r\n", b"\n\n") if (at := raw.find(blank)) >= 0]
    return raw[: min(ends)] if ends else raw


_EMAIL_HEADERS = BytesHeaderParser(policy=email_policy.compat32)  # no header objects: 30× faster than policy.default
_EMAIL_SENDER_HEADERS = ("from", "sender", "reply-to", "return-path")  # where the connector looks for the sender


def _email_accept_events(body: bytes, account: WebhookAccount) -> list[Event] | None:
    """Whether an email is one we act on, from its headers when they settle it.

    The connector's full parse (MIME tree, bodies, attachments: ≈ 2.5 ms, fifty times a chat
    payload) decides the same, but the common case needs only the headers: a sender, no
    report (bounce, read receipt), no auto-reply marks → a message to process (None: pending).
    Anything else — no sender (400), an auto-reply (ignored), a report (its verdict is in its
    body) — takes the full parse, so every answer is the connector's own."""
    head = _EMAIL_HEADERS.parsebytes(email_head(body))
    senders = [value for name, value in head.raw_items() if name.lower() in _EMAIL_SENDER_HEADERS]
    addresses = [address for _, address in getaddresses([str(value) for value in senders]) if "@" in address]
    settled = (
        addresses
        and head.get_content_type() != "multipart/report"
        and not any(address.rpartition("@")[0].strip().lower() in MAILER_DAEMONS for address in addresses)
        and not email_parse.auto_reply_reason(head)
    )
    return None if settled else PARSERS[ChannelKind.EMAIL](body, account)


# What the accept answer is decided on: the events (all ignored → ignored), or None for "acts
# on it" without parsing further. Chat payloads are parsed whole (≈ 50 µs): which events they
# carry decides between ignored and pending.
ACCEPT_PARSERS: dict[str, Callable[[bytes, WebhookAccount], list[Event] | None]] = {
    **PARSERS,
    ChannelKind.EMAIL: _email_accept_events,
}


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """What a platform's POST carries to prove it is the platform: where to read the proof, which
    credential checks it, and the connector's (constant-time) check over the raw body."""

    credential: str
    read: Callable[[Mapping[str, str]], str | None]
    check: Callable[[bytes, str | None, str], None]


def _header(name: str) -> Callable[[Mapping[str, str]], str | None]:
    return lambda headers: headers.get(name.lower()) or None


def _email_secret(headers: Mapping[str, str]) -> str | None:
    """Our email webhook (raw message or SendGrid's form): the secret in a header, or as the HTTP
    Basic password (for mail services that can only put credentials in the URL, as SendGrid's
    Inbound Parse: https://dialogo:<secret>@host/…; the user name is not checked)."""
    if headers.get(EMAIL_SECRET_HEADER):
        return headers[EMAIL_SECRET_HEADER]
    scheme, _, value = (headers.get("authorization") or "").partition(" ")
    if scheme.lower() == "basic" and value:
        try:
            return base64.b64decode(value).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
    return None


_META_SIGNATURE = SignatureCheck("app_secret", _header(meta_verify.SIGNATURE_HEADER), meta_verify.verify_signature)
SIGNATURE_CHECKS: dict[str, SignatureCheck] = {
    ChannelKind.MESSENGER: _META_SIGNATURE,
    ChannelKind.INSTAGRAM: _META_SIGNATURE,
    ChannelKind.WHATSAPP: _META_SIGNATURE,
    ChannelKind.TELEGRAM: SignatureCheck(
        "secret_token",
        _header(telegram_verify.SECRET_HEADER),
        lambda body, proof, secret: telegram_verify.verify_secret_token(proof, secret),
    ),
    ChannelKind.X: SignatureCheck("consumer_secret", _header(x_verify.SIGNATURE_HEADER), x_verify.verify_signature),
    ChannelKind.EMAIL: SignatureCheck(
        "inbound_secret", _email_secret, lambda body, proof, secret: verify_shared_secret(proof, secret)
    ),
}


def _handshake(kind: str, account: WebhookAccount, query: Mapping[str, str]) -> WebhookAnswer:
    secrets = account.credentials
    try:
        if kind in (ChannelKind.MESSENGER, ChannelKind.INSTAGRAM, ChannelKind.WHATSAPP):
            challenge = meta_verify.verify_handshake(query, secrets.get("verify_token", ""))
            return WebhookAnswer(status_code=200, body=challenge.encode(), content_type="text/plain; charset=utf-8")
        if kind == ChannelKind.X:
            answer = x_verify.crc_response(query.get("crc_token"), secrets.get("consumer_secret", ""))
            return WebhookAnswer(status_code=200, body=json.dumps(answer).encode())
    except HandshakeRejected as exc:
        return _json(403, f"Handshake refused: {exc}.", "handshake_rejected")
    return _json(405, f"{kind} webhooks have no GET handshake; the platform POSTs events here.", "method_not_allowed")


def webhook_answer(
    *, kind: str, account: WebhookAccount | None, method: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
) -> WebhookAnswer:
    """What to answer and store for one webhook request. `headers` keys are lowercase."""
    if kind not in WEBHOOK_KINDS:
        return _json(404, f"There is no '{kind}' webhook. Kinds: {', '.join(WEBHOOK_KINDS)}.", "not_found")
    if account is None or account.kind != kind:
        return _json(404, f"No {kind} channel account with this id.", "not_found")
    if method == "GET":
        return _handshake(kind, account, query)
    if method != "POST":
        return _json(405, f"Method {method} not allowed; platforms POST events here.", "method_not_allowed")
    if len(body) > MAX_BODY_BYTES:
        return _json(413, f"Body over {MAX_BODY_BYTES} bytes.", "payload_too_large")

    verified = _verified(kind, account, headers, body)
    if isinstance(verified, WebhookAnswer):
        return verified
    payload, nonce = verified

    if not account.is_active:
        # Kept (and answered 200 so the platform stops retrying): reprocess after reactivating.
        return WebhookAnswer(status_code=200, body=ACCEPTED, store_status="ignored", error="channel account is deactivated")
    try:
        events = ACCEPT_PARSERS[kind](payload, account)
    except MalformedPayload as exc:
        return _malformed(kind, exc)
    if events is not None and all(isinstance(event, Ignored) for event in events):
        reasons = sorted({f"{event.event_type}: {event.reason}" for event in events if isinstance(event, Ignored)})
        return WebhookAnswer(
            status_code=200, body=ACCEPTED, store_status="ignored", error="; ".join(reasons)[:2000] or "no events"
        )
    return WebhookAnswer(status_code=200, body=ACCEPTED, store_status="pending", nonce=nonce)


def _verified(kind: str, account: WebhookAccount, headers: Mapping[str, str], body: bytes) -> tuple[bytes, str] | WebhookAnswer:
    """Once the request proved it comes from the platform: what the connector parses (the body,
    or the message inside an email provider's form) and its one-time proof ("" for platforms
    that sign the body itself). Else the refusal."""
    if kind == ChannelKind.EMAIL and esp.inbound_format(account.credentials) == esp.InboundFormat.MAILGUN:
        return _mailgun_verified(account, headers.get("content-type", ""), body)
    signature = SIGNATURE_CHECKS[kind]
    proof = signature.read(headers)
    try:
        signature.check(body, proof, account.credentials.get(signature.credential, ""))
    except BadSignature as exc:
        return _refused(exc, proof_missing=proof is None)
    if kind == ChannelKind.EMAIL:
        inbound_format = esp.inbound_format(account.credentials)
        try:
            body = esp.message_bytes(body, content_type=headers.get("content-type", ""), inbound_format=inbound_format)
        except MalformedPayload as exc:
            return _malformed(kind, exc)
    return body, ""


def _mailgun_verified(account: WebhookAccount, content_type: str, body: bytes) -> tuple[bytes, str] | WebhookAnswer:
    """A Mailgun route's form: its proof is in the form, so a body that is not one is unsigned."""
    try:
        fields = esp.form_fields(body, content_type=content_type, inbound_format=esp.InboundFormat.MAILGUN)
    except MalformedPayload as exc:
        return _refused(BadSignature(f"no Mailgun signature: the form cannot be read ({exc})"), proof_missing=True)
    if fields is None:
        not_a_form = f"no Mailgun signature: Mailgun posts a form, this body is {content_type or 'untyped'}"
        return _refused(BadSignature(not_a_form), proof_missing=True)
    timestamp, token, signature = (esp.field_text(fields, name) for name in ("timestamp", "token", "signature"))
    try:
        verify_mailgun(timestamp, token, signature, account.credentials.get(MAILGUN_SIGNING_KEY, ""), now=time.time())
    except BadSignature as exc:
        return _refused(exc, proof_missing=not (timestamp and token and signature))
    try:
        return esp.form_message(fields, inbound_format=esp.InboundFormat.MAILGUN), token
    except MalformedPayload as exc:
        return _malformed(ChannelKind.EMAIL, exc)


def _refused(exc: BadSignature, *, proof_missing: bool) -> WebhookAnswer:
    status_code, code = (401, "signature_missing") if proof_missing else (403, "signature_invalid")
    return _json(status_code, f"Request refused: {exc}.", code, store_status="rejected", error=str(exc))


def _malformed(kind: str, exc: MalformedPayload) -> WebhookAnswer:
    return _json(
        400,
        f"Not a {kind} webhook payload: {exc.detail} at {exc.where}.",
        "malformed_payload",
        {"where": exc.where, "detail": exc.detail},
        store_status="malformed",
        error=str(exc),
    )


def headers_to_store(headers: Mapping[str, str]) -> dict[str, str]:
    """The request's headers for the log: the caller's own credentials dropped, and shared
    secrets sent verbatim (Telegram's secret token, our email secret) masked — they are the
    channel's credentials, which are kept encrypted, not in a log. HMAC signatures stay: they
    prove nothing without the key and are what a replay needs."""
    return {
        name: (f"••••{value[-4:]}" if name in MASKED_HEADERS else value)
        for name, value in headers.items()
        if name not in UNSTORED_HEADERS
    }


def log_refusal(kind: str, account_id: int | str, answer: WebhookAnswer, body: bytes, *, event_id: int | None) -> None:
    """A refused request (4xx) in the log: stored ones by their inbound event id; one we could
    not tie to a workspace (unknown account) is not stored, so its raw bytes go to the log."""
    if answer.status_code < 400:
        return
    if event_id is not None:
        logger.warning(
            "webhook %s/%s refused with %s, kept as inbound event %s: %s",
            kind,
            account_id,
            answer.status_code,
            event_id,
            answer.error,
        )
    else:
        logger.warning(
            "webhook %s/%s refused with %s, not stored; raw body (base64, first 4 KB): %s",
            kind,
            account_id,
            answer.status_code,
            base64.b64encode(body[:4096]).decode("ascii"),
        )


def log_replay(kind: str, account_id: int | str, *, event_id: int | None) -> None:
    """A request whose one-time proof was used before: answered 200 (a duplicate delivery must not
    be retried), kept as `ignored`, and worth a look (it may be a replay with another body)."""
    logger.warning("webhook %s/%s: %s; kept as ignored inbound event %s", kind, account_id, DUPLICATE_NONCE, event_id)
