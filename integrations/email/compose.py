"""Agent reply (`OutboundMessage`) → an RFC 5322 `EmailMessage` that threads in the customer's client.

* `Message-ID: <case-ref>.<16 hex>@<domain>` — ours, encoding the case (`new_message_id`), so a
  reply's In-Reply-To / References lead back to the case and our own copies are recognised as echoes.
* `In-Reply-To` = the customer's Message-ID we answer; `References` = their References + that id
  (trimmed to the root and the newest ids when a thread gets very long).
* `Reply-To` = `EmailHeaders.reply_to` when given (plus-addressed `local+<token>@domain`), else
  `from_address` plus-addressed with the case ref. Use an unguessable token for the case (its uuid)
  when cases must not be reachable by guessing: anyone who knows the address can write into it.
* `Subject` gets one `Re: ` (existing Re:/RE:/AW:/SV:/RV:/Odp:… prefixes are folded into it) when
  the message answers another one; otherwise it is used as given.
* Body: `multipart/alternative` with the text and an HTML rendering of it. Attachments are given to
  us as URLs (`OutboundAttachment.url`), not bytes: they are **linked** in both parts (an
  "Attachments:" list of name + URL) rather than fetched and embedded, so composing never does I/O
  and a large file never bloats the mail; the link must therefore be reachable by the customer.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime

from integrations.outbound import EmailHeaders, OutboundMessage

_CASE_REF = re.compile(r"[A-Za-z0-9_-]{1,64}")
_OUR_ID = re.compile(r"(?P<ref>[A-Za-z0-9_-]{1,64})\.(?P<nonce>[0-9a-f]{16})@(?P<domain>[^@\s<>]+)")
_TOKEN = re.compile(r"[A-Za-z0-9_.=-]{1,64}")
# Reply prefixes clients add (en Re, de AW, nordic SV/VS, es/pt RV/RES, pl Odp, nl Antw…), with
# Outlook's counters ("RE[2]:") — folded into one "Re: ". Forward prefixes are kept.
_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|sv|vs|rv|res|odp|antw|antwort)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*", re.IGNORECASE)
MAX_REFERENCES = 20


def new_message_id(case_ref: str, domain: str) -> str:
    """A fresh Message-ID (without <>) for an outbound message of case `case_ref`:
    `<case_ref>.<16 random hex>@<domain>`. `case_ref` is 1–64 of A-Z a-z 0-9 _ -."""
    if not _CASE_REF.fullmatch(case_ref):
        raise ValueError(f"case_ref must be 1-64 of A-Z a-z 0-9 _ -, got {case_ref!r}")
    domain = domain.strip().lower()
    if not domain or "@" in domain or any(ch.isspace() for ch in domain):
        raise ValueError(f"not a domain: {domain!r}")
    return f"{case_ref}.{secrets.token_hex(8)}@{domain}"


def case_ref_from_message_id(message_id: str, domain: str = "") -> str:
    """The case ref encoded in one of *our* Message-IDs (with or without <>), or "" when the id is not
    ours. With `domain`, the id must also be at that domain (case-insensitive)."""
    match = _OUR_ID.fullmatch(message_id.strip().strip("<>").strip())
    if not match:
        return ""
    if domain and match["domain"].lower() != domain.strip().lower():
        return ""
    return match["ref"]


def plus_address(address: str, token: str) -> str:
    """`local@domain` + token → `local+token@domain` (the Reply-To a customer's reply comes back to)."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"not an email address: {address!r}")
    if not _TOKEN.fullmatch(token):
        raise ValueError(f"token must be 1-64 of A-Z a-z 0-9 _ . = -, got {token!r}")
    return f"{local.split('+', 1)[0]}+{token}@{domain}"


def reply_subject(subject: str) -> str:
    """ "Re: " exactly once: `Re: RE: AW: Pedido` → `Re: Pedido`; an empty subject → `Re:`."""
    base = subject.strip()
    while True:
        stripped = _REPLY_PREFIX.sub("", base, count=1)
        if stripped == base:
            break
        base = stripped.strip()
    return f"Re: {base}" if base else "Re:"


def thread_references(references: Sequence[str], in_reply_to: str) -> tuple[str, ...]:
    """Their References + the id we answer, deduplicated, oldest first; long chains keep the root and
    the newest ids (RFC 5322 §3.6.4 allows trimming; clients thread on the root and the parent)."""
    ids: list[str] = []
    for value in (*references, in_reply_to):
        clean = value.strip().strip("<>").strip()
        if clean and clean not in ids:
            ids.append(clean)
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return tuple(ids)


def compose(message: OutboundMessage, *, from_address: str, domain: str, now: datetime | None = None) -> EmailMessage:
    """The email for one agent reply. `message.email` carries our Message-ID and the thread; when it is
    missing, a Message-ID is made from `correlation_id` (or "reply") so the mail is still well-formed."""
    headers = message.email or EmailHeaders(message_id=new_message_id(_safe_ref(message.correlation_id), domain))
    if not headers.message_id:
        raise ValueError("EmailHeaders.message_id is required (see new_message_id)")
    recipient = message.recipient_external_id.strip()
    if "@" not in recipient:
        raise ValueError(f"email recipient must be an address, got {recipient!r}")

    mail = EmailMessage(policy=default_policy)
    mail["From"] = Address(display_name=headers.from_name, addr_spec=from_address)
    mail["To"] = Address(addr_spec=recipient)
    mail["Subject"] = reply_subject(headers.subject) if headers.in_reply_to else (headers.subject.strip() or "(no subject)")
    mail["Date"] = format_datetime((now or datetime.now(UTC)).astimezone(UTC))
    mail["Message-ID"] = f"<{headers.message_id.strip().strip('<>')}>"
    if headers.in_reply_to:
        mail["In-Reply-To"] = f"<{headers.in_reply_to.strip().strip('<>')}>"
    references = thread_references(headers.references, headers.in_reply_to)
    if references:
        mail["References"] = " ".join(f"<{ref}>" for ref in references)
    reply_to = headers.reply_to or _default_reply_to(from_address, headers.message_id)
    if reply_to:
        mail["Reply-To"] = Address(display_name=headers.from_name, addr_spec=reply_to)

    mail.set_content(_text_body(message))
    mail.add_alternative(_html_body(message), subtype="html")
    for attachment in message.attachments:
        if attachment.content:
            maintype, _, subtype = (attachment.mime_type or "application/octet-stream").partition("/")
            mail.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype or "octet-stream", filename=attachment.name or "attachment"
            )
    return mail


def _safe_ref(value: str) -> str:
    return value if _CASE_REF.fullmatch(value) else "reply"


def _default_reply_to(from_address: str, message_id: str) -> str:
    ref = case_ref_from_message_id(message_id)
    return plus_address(from_address, ref) if ref else ""


def _attachment_lines(message: OutboundMessage) -> list[tuple[str, str]]:
    """Attachments we only have as links (those with bytes travel as MIME parts)."""
    return [
        (attachment.name or attachment.url.rsplit("/", 1)[-1] or "file", attachment.url)
        for attachment in message.attachments
        if not attachment.content
    ]


def _text_body(message: OutboundMessage) -> str:
    text = message.text.replace("\r\n", "\n").rstrip()
    links = _attachment_lines(message)
    if links:
        listing = "\n".join(f"- {name}: {url}" for name, url in links)
        text = f"{text}\n\nAttachments:\n{listing}" if text else f"Attachments:\n{listing}"
    return text + "\n"


def _html_body(message: OutboundMessage) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", message.text.replace("\r\n", "\n").strip()) if p.strip()]
    body = "\n".join(f"<p>{html.escape(p).replace(chr(10), '<br>' + chr(10))}</p>" for p in paragraphs)
    links = _attachment_lines(message)
    if links:
        items = "\n".join(f'<li><a href="{html.escape(url, quote=True)}">{html.escape(name)}</a></li>' for name, url in links)
        body += f"\n<p>Attachments:</p>\n<ul>\n{items}\n</ul>"
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{body}\n</body></html>\n'
