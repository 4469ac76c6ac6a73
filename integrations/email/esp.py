"""Email service providers' inbound webhooks: the raw message out of the form they POST.

What a mailbox's webhook receives is its channel account's `inbound_format` credential:

* `raw` (the default) — our own webhook: the body *is* the RFC 5322 message (the traffic
  simulator, a `procmail`/`fetchmail` pipe, any relay that can POST a file), whatever its
  Content-Type: `curl --data-binary @mail.eml` labels it `application/x-www-form-urlencoded`.
* `mailgun` — a Routes `forward("https://…/webhooks/email/<id>/mime")` action. Mailgun posts the
  message as-is in `body-mime` only when the URL ends in `mime` (otherwise its parsed fields,
  which carry no raw message), beside `timestamp`, `token`, `signature` (see `verify`),
  `recipient`, `sender`, `from`, `subject`: `multipart/form-data`, or
  `application/x-www-form-urlencoded` when the mail has no attachments.
* `sendgrid` — Inbound Parse with "POST the raw, full MIME message" ticked: `multipart/form-data`
  with the message in `email`, beside `to`, `from`, `envelope` (JSON), `charsets`, `SPF`, `dkim`…
  Read like `raw` (the format picks the setup instructions): a `multipart/form-data` body is a form
  whatever the account says, since no message is ever posted with that type.

A form's message is taken byte-exact (8-bit bodies, CRLF line ends, attachments) and parsed like
any raw message by `integrations.email.parse`; the other fields are the provider's summary of it
and are not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.message import Message
from enum import StrEnum
from urllib.parse import unquote_to_bytes

from multipart import MultipartError, MultipartSegment, PushMultipartParser

from integrations.errors import MalformedPayload

FORMAT_CREDENTIAL = "inbound_format"
MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"
# Where each provider puts the raw message; either is taken, whatever the account's format says
# (a form stored before the admin switched provider still reads).
MESSAGE_FIELDS = ("body-mime", "email")
MAX_FORM_FIELDS = 128  # Mailgun's and SendGrid's forms carry about 20; attachments are fields too


class InboundFormat(StrEnum):
    RAW = "raw"
    MAILGUN = "mailgun"
    SENDGRID = "sendgrid"


def inbound_format(credentials: Mapping[str, str]) -> InboundFormat:
    """The account's format: `raw` when unset (values are checked when credentials are saved)."""
    try:
        return InboundFormat(credentials.get(FORMAT_CREDENTIAL) or InboundFormat.RAW)
    except ValueError:
        return InboundFormat.RAW


def message_bytes(body: bytes, *, content_type: str, inbound_format: InboundFormat) -> bytes:
    """The raw RFC 5322 message a request to the email webhook carries: the form field a provider
    puts it in, or the body itself. Raises `MalformedPayload` for a form without one."""
    fields = form_fields(body, content_type=content_type, inbound_format=inbound_format)
    return body if fields is None else form_message(fields, inbound_format=inbound_format)


def form_fields(body: bytes, *, content_type: str, inbound_format: InboundFormat) -> dict[str, bytes] | None:
    """The fields of a form body (each name's first value; a file's content as its value), or None
    when the body is not a form for this format. Raises `MalformedPayload` for a broken one."""
    header = Message()
    header["Content-Type"] = content_type or ""
    media_type = header.get_content_type()
    if media_type == MULTIPART:
        boundary = header.get_boundary()
        if not boundary:
            raise MalformedPayload("multipart/form-data without a boundary", where="Content-Type")
        return _multipart_fields(bytes(body), boundary.encode("latin-1", "replace"))
    if media_type == URLENCODED and inbound_format == InboundFormat.MAILGUN:
        return _urlencoded_fields(bytes(body))
    return None


def form_message(fields: Mapping[str, bytes], *, inbound_format: InboundFormat) -> bytes:
    """The raw message in a provider's form; `MalformedPayload` saying how to get it when absent."""
    for name in MESSAGE_FIELDS:
        if fields.get(name, b"").strip():
            return fields[name]
    if inbound_format == InboundFormat.MAILGUN:
        detail = (
            "no raw message in the form (body-mime): end the Mailgun route's forward() URL in /mime, "
            "or Mailgun posts parsed fields only"
        )
    else:
        detail = "no raw message in the form (email): tick 'POST the raw, full MIME message' in SendGrid's Inbound Parse settings"
    raise MalformedPayload(detail, where="form")


def field_text(fields: Mapping[str, bytes], name: str) -> str | None:
    """A short text field (Mailgun's `timestamp`, `token`, `signature`), or None when absent."""
    value = fields.get(name)
    return None if value is None else value.decode("utf-8", "replace").strip()


def _multipart_fields(body: bytes, boundary: bytes) -> dict[str, bytes]:
    """RFC 7578 fields through `multipart`'s sans-IO parser (the body is in memory already: no
    spooling); each field's first value, its bytes exactly as sent."""
    fields: dict[str, bytes] = {}
    name, chunks = "", []
    try:
        with PushMultipartParser(boundary, content_length=len(body), max_segment_count=MAX_FORM_FIELDS) as parser:
            for event in parser.parse(body):
                if isinstance(event, MultipartSegment):
                    name, chunks = event.name or "", []
                elif event is not None:
                    chunks.append(event)
                elif name and name not in fields:
                    fields[name] = b"".join(chunks)
    except MultipartError as exc:
        raise MalformedPayload(f"not a readable multipart/form-data body: {exc}", where="body") from exc
    return fields


def _urlencoded_fields(body: bytes) -> dict[str, bytes]:
    """`name=value&…` with +/%XX escapes, decoded to the exact bytes (`parse_qsl` would decode the
    values as text)."""
    fields: dict[str, bytes] = {}
    for pair in body.strip().split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        key = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace")
        if key not in fields:
            fields[key] = unquote_to_bytes(value.replace(b"+", b" "))
    return fields
