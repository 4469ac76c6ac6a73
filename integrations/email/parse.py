"""Raw RFC 5322 bytes (an ESP's raw-MIME webhook, an IMAP fetch) → normalized events.

One message gives exactly one event, decided in this order:

1. `multipart/report; report-type=delivery-status` (DSN), or a non-DSN bounce from MAILER-DAEMON /
   postmaster → `DeliveryReceipt` for *our* original message, whose Message-ID is read from the
   returned headers (`message/rfc822` / `text/rfc822-headers` part, else `Message-ID:` lines in the
   body, else the bounce's In-Reply-To/References): `Action: failed` → FAILED with `error_code` =
   `Status` (e.g. `5.1.1`) and `error_title` = `Diagnostic-Code`; `delivered`/`relayed`/`expanded` →
   DELIVERED. `delayed` (4.x.x, the sender's MTA keeps trying) and bounces whose original we cannot
   find → `Ignored`.
2. `multipart/report; report-type=disposition-notification` (MDN) with `displayed` → READ receipt of
   `Original-Message-ID`; other dispositions → `Ignored`.
3. Our own outbound seen again (BCC copy, IMAP Sent folder) with a Message-ID of ours (the
   `compose.new_message_id` pattern at `our_message_id_domain`) → `Echo`, `metadata` = its case ref.
   A colleague writing from the same domain is not an echo: their Message-ID lacks our pattern.
4. Automatic replies (RFC 3834 `Auto-Submitted` other than `no`, `X-Autoreply`, `X-Autorespond`,
   `X-Auto-Response-Suppress`, `Precedence: auto_reply|bulk|junk|list`, out-of-office subjects in
   en/es/pl/de/fr/pt/it/nl) → `Ignored` (answering them would loop) — also when the mailbox itself
   sent them (its own "we got your mail" responder must not count as an agent reply).
   Otherwise `From` = `mailbox_address` (sent by another tool from the same mailbox) → `Echo`.
5. Anything else → `InboundMessage`.

Fields of the `InboundMessage`:
* `external_id`: the Message-ID without `<>` (case kept: the local part is case-sensitive), or
  `sha256:<hex of the raw bytes>` when the message has none (redeliveries of the same bytes dedupe).
* `sender`: `From` (display name decoded, `email` as written, `external_id` lowercased).
* `text`: the inline `text/plain` parts (joined), else the inline HTML converted to readable text;
  the quoted history of a reply is cut (`strip_quoted`, conservative: only after an attribution line
  such as "On … wrote:" / "El … escribió:" / "W dniu … napisał:" or an "Original Message"
  separator, or a trailing block of `>` lines — never when nothing would be left).
* `attachments`: every other leaf part (images, PDFs, attached mails, calendar files…), `url` =
  `part:<index>` (index in `iter_parts` order); `attachment_bytes(raw, url)` returns the decoded
  bytes for storage (it also accepts `cid:<content-id>` for inline images referenced by the HTML).
* `thread`: Message-ID, first In-Reply-To (further ones are appended to the references), References
  (oldest first), decoded Subject.
* `sent_at`: the `Date` header (RFC 5322; a `-0000` zone is taken as UTC). When it is missing or
  unparseable: the date of the newest `Received` header (when our side got it), then `received_at`,
  then the current time. `Date` is the sender's clock: SLA clocks should use our own `received_at`.

Decoding never raises on bad encodings: declared charsets are used (`iso-8859-1` / `us-ascii` read
as windows-1252, as browsers do), unknown or wrong ones fall back to UTF-8, `charset_normalizer`
when installed, then windows-1252/Latin-1; RFC 2047 encoded words with unknown charsets, raw 8-bit
headers and broken base64 degrade the same way. NUL characters are dropped (PostgreSQL text
cannot hold them). A message without any `From` address raises `MalformedPayload`.

Headers are read once per `Message` object (parts included) into an index that every later lookup
shares (`_HeaderCache`); it is rebuilt if the caller edits the headers of a Message it passed in.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

import nh3

from integrations.email.compose import case_ref_from_message_id
from integrations.errors import MalformedPayload
from integrations.events import (
    Attachment,
    AttachmentKind,
    ChannelKind,
    DeliveryReceipt,
    Echo,
    Event,
    Ignored,
    InboundMessage,
    ReceiptStatus,
    Sender,
    ThreadHints,
)

try:  # optional: better guesses for undeclared charsets; heuristics below work without it
    import charset_normalizer
except ImportError:  # pragma: no cover - depends on the environment
    charset_normalizer = None

CHANNEL = ChannelKind.EMAIL
PART_URL_PREFIX = "part:"
CID_URL_PREFIX = "cid:"

__all__ = [
    "CHANNEL",
    "address_token",
    "attachment_bytes",
    "auto_reply_reason",
    "decode_bytes",
    "decode_header_words",
    "html_to_text",
    "iter_parts",
    "load_message",
    "normalize_message_id",
    "parse",
    "reply_token",
    "sanitized_html",
    "strip_quoted",
]


# --- entry points -----------------------------------------------------------------------------


def parse(
    raw: bytes,
    *,
    mailbox_address: str = "",
    our_message_id_domain: str = "",
    received_at: datetime | None = None,
    keep_quoted: bool = False,
) -> list[Event]:
    """The event of one raw RFC 5322 message (always a one-element list, like other connectors' batches).

    `mailbox_address`: the channel account's address (echo detection, `account_external_id`).
    `our_message_id_domain`: the domain of our Message-IDs (echo detection, bounce matching).
    `received_at`: when our side received it (fallback for a missing `Date`)."""
    message = load_message(raw)
    mailbox = mailbox_address.strip()  # as the channel account stores it; compared case-insensitively
    domain = our_message_id_domain.strip().lower()
    report = _report_type(message)
    if report == "delivery-status" or (not report and _from_mailer_daemon(message)):
        return [_bounce(message, mailbox=mailbox, domain=domain, received_at=received_at)]
    if report == "disposition-notification":
        return [_read_receipt(message, mailbox=mailbox, received_at=received_at)]

    message_id = normalize_message_id(_header(message, "Message-ID"))
    external_id = message_id or "sha256:" + hashlib.sha256(bytes(raw)).hexdigest()
    name, address = _sender(message)
    sent_at = _sent_at(message, received_at)
    ours = bool(domain and case_ref_from_message_id(message_id, domain))
    reason = "" if ours else auto_reply_reason(message)
    if reason:  # before the From check: the mailbox's own vacation/ack responder is no agent reply
        return [
            Ignored(channel_kind=CHANNEL, event_type="auto_reply", where="headers", reason=reason, account_external_id=mailbox)
        ]
    if ours or (mailbox and address.lower() == mailbox.lower()):
        text, attachments = _content(message, keep_quoted=keep_quoted)
        recipients = _addresses(message, "To") or _addresses(message, "Cc") or _addresses(message, "Bcc")
        return [
            Echo(
                channel_kind=CHANNEL,
                external_id=external_id,
                sent_at=sent_at,
                recipient_external_id=recipients[0][1].lower() if recipients else "",
                text=text,
                attachments=attachments,
                account_external_id=mailbox,
                metadata=case_ref_from_message_id(message_id, domain),
            )
        ]

    text, attachments = _content(message, keep_quoted=keep_quoted)
    in_reply_to = _message_ids(_header(message, "In-Reply-To"))
    references = list(_message_ids(_header(message, "References")))
    for extra in in_reply_to[1:]:
        if extra not in references:
            references.append(extra)
    return [
        InboundMessage(
            channel_kind=CHANNEL,
            external_id=external_id,
            sender=Sender(external_id=address.lower(), display_name=name, email=address),
            sent_at=sent_at,
            text=text,
            attachments=attachments,
            thread=ThreadHints(
                email_message_id=message_id,
                email_in_reply_to=in_reply_to[0] if in_reply_to else "",
                email_references=tuple(references),
                subject=_header(message, "Subject").strip(),
                reply_token=reply_token(message, mailbox_address=mailbox),
            ),
            account_external_id=mailbox,
        )
    ]


def load_message(raw: bytes) -> Message:
    """The parsed message (stdlib `email`, lenient: defects are recorded, not raised).

    `compat32`, not `policy.default`: this module reads headers raw and decodes them itself, and
    policy.default re-parses a structured header object on every access (Content-Type is read
    several times per part) — 5× the CPU for the same result."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise TypeError("parse the raw message bytes, not a decoded object")
    return message_from_bytes(bytes(raw), policy=compat32)


def attachment_bytes(raw: bytes | Message, ref: int | str) -> bytes:
    """The decoded bytes of the MIME part `ref`: an index, an attachment url (`part:<index>`), or
    `cid:<content-id>`. Raises `MalformedPayload` when there is no such part."""
    message = raw if isinstance(raw, Message) else load_message(raw)
    if isinstance(ref, str) and ref.startswith(CID_URL_PREFIX):
        wanted = ref[len(CID_URL_PREFIX) :].strip().strip("<>")
        for _, part in iter_parts(message):
            if _header(part, "Content-ID").strip().strip("<>") == wanted:
                return _part_bytes(part)
        raise MalformedPayload(f"no MIME part with Content-ID {wanted!r}", ref)
    if isinstance(ref, str):
        digits = ref[len(PART_URL_PREFIX) :] if ref.startswith(PART_URL_PREFIX) else ref
        if not digits.isdigit():
            raise MalformedPayload(f"not a part reference: {ref!r}", ref)
        ref = int(digits)
    for index, part in iter_parts(message):
        if index == ref:
            return _part_bytes(part)
    raise MalformedPayload(f"no MIME part {ref}", f"{PART_URL_PREFIX}{ref}")


def reply_token(source: bytes | Message, *, mailbox_address: str = "") -> str:
    """The token of a plus-addressed recipient (`local+<token>@domain`, our Reply-To), or "".

    Looks at the delivery headers first (Delivered-To, X-Original-To, Envelope-To — what the MTA
    really delivered to), then To and Cc. With `mailbox_address`, only `<its local>+token@<its domain>`
    counts. ESPs that post the envelope recipient separately (Mailgun `recipient`) can use
    `address_token` on it directly."""
    message = source if isinstance(source, Message) else load_message(source)
    for name in ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To", "Cc"):
        for value in _header_values(message, name):
            if "+" not in value:  # no plus-address can come out of it: spare the (pure-Python) address parser
                continue
            for _, address in getaddresses([value]):
                token = address_token(address, mailbox_address=mailbox_address)
                if token:
                    return token
    return ""


def address_token(address: str, *, mailbox_address: str = "") -> str:
    """`local+token@domain` → `token` ("" when not plus-addressed or not at `mailbox_address`)."""
    local, at, domain = address.strip().strip("<>").rpartition("@")
    if not at or "+" not in local:
        return ""
    base, _, token = local.partition("+")
    if mailbox_address:
        m_local, _, m_domain = mailbox_address.strip().lower().rpartition("@")
        if base.lower() != m_local.split("+", 1)[0] or domain.lower() != m_domain:
            return ""
    return token


def sanitized_html(raw: bytes | Message) -> str:
    """The message's inline HTML body made safe to show (nh3: no scripts, handlers or foreign
    schemes; `cid:` images kept for rendering with `attachment_bytes`), or "" when it has none."""
    message = raw if isinstance(raw, Message) else load_message(raw)
    html = "\n".join(_part_text(part) for _, part in iter_parts(message) if _is_body(part, "html"))
    if not html.strip():
        return ""
    return nh3.clean(html, url_schemes={"http", "https", "mailto", "cid"})


# --- MIME structure ---------------------------------------------------------------------------


def iter_parts(message: Message) -> Iterator[tuple[int, Message]]:
    """Every MIME node in pre-order with a stable index (the message itself is 0). Descends into
    `multipart/*` only: an attached mail (`message/rfc822`) is one part, not its insides."""
    counter = 0

    def walk(node: Message) -> Iterator[tuple[int, Message]]:
        nonlocal counter
        index = counter
        counter += 1
        yield index, node
        if node.get_content_maintype() == "multipart" and isinstance(_payload(node), list):
            for child in _payload(node):
                if isinstance(child, Message):
                    yield from walk(child)

    yield from walk(message)


def _payload(part: Message) -> list[Message] | str | bytes | None:
    """`part.get_payload()`, which can raise on a malformed charset parameter: then the raw payload."""
    try:
        return part.get_payload()
    except Exception:
        return part._payload  # the stdlib keeps the undecoded payload here


def _is_leaf(part: Message) -> bool:
    return not (part.get_content_maintype() == "multipart" and isinstance(_payload(part), list))


def _disposition(part: Message) -> str:
    return _header(part, "Content-Disposition").split(";", 1)[0].strip().lower()


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # malformed RFC 2231 parameters
        name = ""
    if not name:
        try:
            name = part.get_param("name", header="content-type") or ""
        except Exception:
            name = ""
        if isinstance(name, tuple):  # RFC 2231 (charset, language, value)
            name = decode_bytes(name[2].encode("latin-1", "replace"), name[0])
    return _clean(decode_header_words(str(name))).strip()


def _is_body(part: Message, subtype: str) -> bool:
    """An inline text part that is the message's body (not a text file attached to it)."""
    return (
        _is_leaf(part)
        and part.get_content_type() == f"text/{subtype}"
        and _disposition(part) != "attachment"
        and not (_filename(part) and _disposition(part) != "inline")
    )


def _part_bytes(part: Message) -> bytes:
    payload = _payload(part)
    if isinstance(payload, list):  # message/rfc822, message/delivery-status: the enclosed message(s)
        return b"".join(_message_bytes(inner) for inner in payload if isinstance(inner, Message))
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogateescape")
    return bytes(payload) if isinstance(payload, bytes | bytearray) else b""


def _message_bytes(message: Message) -> bytes:
    try:
        return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    except Exception:  # a header the generator cannot re-fold: fall back to the legacy generator
        return message.as_bytes(policy=compat32.clone(linesep="\r\n"))


def _part_text(part: Message) -> str:
    data = _part_bytes(part)
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    if not charset and part.get_content_subtype() == "html":
        meta = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", data[:4096], re.IGNORECASE)
        charset = meta.group(1).decode("ascii") if meta else None
    return _clean(decode_bytes(data, charset)).replace("\r\n", "\n").replace("\r", "\n")


def _attachment_kind(mime: str) -> AttachmentKind:
    major = mime.split("/", 1)[0]
    return {"image": AttachmentKind.IMAGE, "video": AttachmentKind.VIDEO, "audio": AttachmentKind.AUDIO}.get(
        major, AttachmentKind.FILE
    )


def _content(message: Message, *, keep_quoted: bool) -> tuple[str, tuple[Attachment, ...]]:
    plain: list[str] = []
    html: list[str] = []
    attachments: list[Attachment] = []
    for index, part in iter_parts(message):
        if not _is_leaf(part):
            continue
        if _is_body(part, "plain"):
            plain.append(_part_text(part))
        elif _is_body(part, "html"):
            html.append(_part_text(part))
        else:
            mime = part.get_content_type()
            name = _filename(part)
            if mime == "message/rfc822" and not name:
                inner = _payload(part)
                subject = _header(inner[0], "Subject").strip() if isinstance(inner, list) and inner else ""
                name = f"{subject or 'message'}.eml"
            attachments.append(
                Attachment(
                    kind=_attachment_kind(mime),
                    url=f"{PART_URL_PREFIX}{index}",
                    mime_type=mime,
                    size_bytes=len(_part_bytes(part)),
                    name=name,
                )
            )
    if any(p.strip() for p in plain):
        text = "\n\n".join(p.strip("\n") for p in plain if p.strip())
    else:
        text = "\n\n".join(html_to_text(h) for h in html if h.strip())
    text = _tidy(text)
    if not keep_quoted:
        text = strip_quoted(text)
    return text, tuple(attachments)


# --- charsets and headers ---------------------------------------------------------------------


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip("\"'").split("*", 1)[0].lower()
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):  # base64_codec & co.: not a charset
        return None
    return info.name


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Bytes in a declared (possibly wrong or unknown) charset → text, never raising.

    Declared `us-ascii` and `iso-8859-1` are read as windows-1252 after trying UTF-8 (mail software
    mislabels both); unknown or missing charsets try UTF-8, then `charset_normalizer` (if installed),
    then windows-1252 and Latin-1; a known charset that does not fit gets replacement characters."""
    codec = _codec(charset)
    if codec and codec not in ("ascii", "iso8859-1", "latin-1"):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            if codec != "utf-8":
                return data.decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if codec is None and charset_normalizer is not None and len(data) >= 16:
        best = charset_normalizer.from_bytes(data).best()
        if best is not None and best.encoding:
            return str(best)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?([^?\s]*)\?=")


def decode_header_words(value: str) -> str:
    """RFC 2047 encoded words → text. Adjacent words of one charset are decoded together (encoders
    split multi-byte characters across words); whitespace between encoded words is dropped;
    unknown charsets and bad base64 degrade instead of raising."""
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []  # (charset, bytes) of consecutive encoded words

    def flush() -> None:
        while pending:
            charset = pending[0][0]
            chunk = b""
            while pending and pending[0][0] == charset:
                chunk += pending.pop(0)[1]
            out.append(decode_bytes(chunk, charset))

    pos = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[pos : match.start()]
        if between and not (pending and between.isspace()):
            flush()
            out.append(between)
        charset, encoding, payload = match.group(1), match.group(2).lower(), match.group(3)
        if encoding == "q":
            data = re.sub(
                rb"=([0-9A-Fa-f]{2})",
                lambda m: bytes([int(m.group(1), 16)]),
                payload.replace("_", " ").encode("ascii", "replace"),
            )
        else:
            try:
                data = base64.b64decode(payload + "=" * (-len(payload) % 4))
            except (binascii.Error, ValueError):
                flush()
                out.append(match.group(0))
                pos = match.end()
                continue
        pending.append((charset.split("*", 1)[0].lower(), data))
        pos = match.end()
    flush()
    out.append(value[pos:])
    return "".join(out)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    """No NULs (PostgreSQL rejects them) and no lone surrogates (undecodable header bytes)."""
    text = text.replace("\x00", "")
    if not text.isascii() and _SURROGATE.search(text):  # C-speed checks: bodies pass here too, char by char was costly
        try:
            text = decode_bytes(text.encode("utf-8", "surrogateescape"))
        except UnicodeEncodeError:
            text = text.encode("utf-8", "replace").decode("utf-8")
    return text


_UNFOLD = re.compile(r"\r?\n(?=[ \t])")
_HEADER_CACHE = "_dialogo_header_cache"  # attribute of a Message holding its `_HeaderCache`


class _HeaderCache:
    """One Message's headers as this module reads them, worked out once per Message object: a parse
    asks for ~20 names (some several times: From, Subject, each part's Content-Disposition), and
    walking every raw header on each lookup was most of this module's own CPU."""

    __slots__ = ("addresses", "decoded", "source", "values")

    def __init__(self, source: list[tuple[str, str]]) -> None:
        self.source = source  # the raw headers it was built from, to notice later edits
        self.values: dict[str, list[str]] = {}  # lowercased name → unfolded, cleaned values in order
        for key, value in source:
            self.values.setdefault(key.lower(), []).append(_clean(_UNFOLD.sub("", str(value))))
        self.decoded: dict[str, str] = {}  # lowercased name → `_header`
        self.addresses: dict[str, tuple[tuple[str, str], ...]] = {}  # lowercased name → `_addresses`


def _header_cache(message: Message) -> _HeaderCache:
    """The message's `_HeaderCache`, rebuilt when its headers changed since (public functions take a
    caller's Message, which the caller may edit between calls)."""
    headers = message._headers  # what raw_items() copies; comparing is cheap (the same tuples)
    cache = getattr(message, _HEADER_CACHE, None)
    if cache is None or cache.source != headers:
        cache = _HeaderCache(list(headers))
        if all(isinstance(value, str) for _, value in headers):  # not an email.header.Header: mutable
            setattr(message, _HEADER_CACHE, cache)
    return cache


def _header_values(message: Message, name: str) -> list[str]:
    """The raw (still RFC 2047-encoded) values of header `name`, unfolded, 8-bit bytes decoded."""
    return list(_header_cache(message).values.get(name.lower(), ()))


def _header(message: Message, name: str) -> str:
    """Header `name` decoded to text ("" when absent)."""
    cache = _header_cache(message)
    wanted = name.lower()
    decoded = cache.decoded.get(wanted)
    if decoded is None:
        values = cache.values.get(wanted)
        decoded = _clean(decode_header_words(values[0])).replace("\r", "").replace("\n", " ") if values else ""
        cache.decoded[wanted] = decoded
    return decoded


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) of every address in header(s) `name`. Split before decoding the
    names, so an encoded name with a comma stays one address."""
    cache = _header_cache(message)
    wanted = name.lower()
    found = cache.addresses.get(wanted)
    if found is None:
        found = tuple(
            (_clean(decode_header_words(display)).strip(), address.strip())
            for display, address in getaddresses(cache.values.get(wanted, []))
            if "@" in address
        )
        cache.addresses[wanted] = found
    return list(found)


def _sender(message: Message) -> tuple[str, str]:
    for name in ("From", "Sender", "Reply-To", "Return-Path"):
        found = _addresses(message, name)
        if found:
            return found[0]
    raise MalformedPayload("message has no From address", "headers.From")


def normalize_message_id(value: str) -> str:
    """`<id@host>` (with comments, whitespace, or no brackets) → `id@host`; "" when there is none."""
    ids = _message_ids(value)
    return ids[0] if ids else ""


def _message_ids(value: str) -> tuple[str, ...]:
    found = re.findall(r"<([^<>\s]+)>", value)
    if not found:
        found = [token.strip("<>,;") for token in value.split() if token.strip("<>,;")]
    out: list[str] = []
    for item in found:
        if item not in out:
            out.append(item)
    return tuple(out)


def _parse_date(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _sent_at(message: Message, received_at: datetime | None) -> datetime:
    parsed = _parse_date(_header(message, "Date"))
    if parsed is not None:
        return parsed
    for received in _header_values(message, "Received"):  # newest first: the hop that reached us
        parsed = _parse_date(received.rpartition(";")[2])
        if parsed is not None:
            return parsed
    return received_at or datetime.now(UTC)


# --- automatic replies ------------------------------------------------------------------------

_AUTO_SUBJECT = re.compile(
    r"^\s*(?:\[?auto(?:matic)?[ -]?(?:reply|response)\]?|out of (?:the )?office(?: reply| autoreply)?|"
    r"respuesta autom[aá]tica|fuera de (?:la )?oficina|automatyczna odpowied[zź]|odpowied[zź] automatyczna|"
    r"poza biurem|nieobecno[sś][cć](?: w biurze)?|automatische antwort|abwesenheitsnotiz|"
    r"r[ée]ponse automatique|absence du bureau|resposta autom[aá]tica|risposta automatica|"
    r"automatisch antwoord|afwezig(?:heidsbericht)?)\s*(?::|$|\s[-–]\s)",
    re.IGNORECASE,
)
_AUTO_PRECEDENCE = {"auto_reply", "bulk", "junk", "list"}


def auto_reply_reason(message: Message) -> str:
    """Why `message` looks machine-sent (RFC 3834 and the de-facto headers), or "" for a human one."""
    auto_submitted = _header(message, "Auto-Submitted").split(";", 1)[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Response-Suppress"):
        value = _header(message, name).strip()
        if value and value.lower() not in ("no", "false", "0"):
            return f"{name}: {value}"
    precedence = _header(message, "Precedence").strip().lower()
    if precedence in _AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    subject = _header(message, "Subject")
    if _AUTO_SUBJECT.match(subject):
        return f"automatic-reply subject: {subject.strip()}"
    return ""


# --- reports: bounces (DSN) and read receipts (MDN) -------------------------------------------

_MAILER_DAEMONS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"}
_STATUS_CODE = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")


def _report_type(message: Message) -> str:
    if message.get_content_type() != "multipart/report":
        return ""
    try:
        return str(message.get_param("report-type", "") or "").strip().lower()
    except Exception:
        return ""


def _from_mailer_daemon(message: Message) -> bool:
    return any(address.rpartition("@")[0].lower() in _MAILER_DAEMONS for _, address in _addresses(message, "From"))


def _field_blocks(part: Message) -> list[dict[str, str]]:
    """The header blocks of a `message/delivery-status` or `message/disposition-notification` part,
    lowercased names → decoded values. The stdlib parses them as sub-messages; a part that arrived
    encoded (base64) is re-read from its text."""
    blocks: list[dict[str, str]] = []
    payload = _payload(part)
    if isinstance(payload, list):
        for inner in payload:
            if not isinstance(inner, Message):
                continue
            blocks.append({key.lower(): _header(inner, key) for key in inner.keys()})
            body = _payload(inner)
            if isinstance(body, str) and ":" in body:
                blocks.extend(_text_blocks(body))
    else:
        blocks.extend(_text_blocks(_part_text(part)))
    return [block for block in blocks if block]


def _text_blocks(text: str) -> list[dict[str, str]]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        block: dict[str, str] = {}
        last = ""
        for line in chunk.split("\n"):
            if line[:1] in (" ", "\t") and last:
                block[last] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                last = key.strip().lower()
                block[last] = value.strip()
        blocks.append(block)
    return blocks


def _original_message_ids(message: Message) -> list[str]:
    """Message-IDs of the message a report is about: the returned message or headers first, then
    `Message-ID:` lines quoted in the body, then the report's own In-Reply-To / References."""
    ids: list[str] = []
    for _, part in iter_parts(message):
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = _payload(part)
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                ids.extend(_message_ids(_header(inner[0], "Message-ID")))
        elif ctype in ("text/rfc822-headers", "message/rfc822-headers"):
            ids.extend(re.findall(r"(?im)^message-id:\s*<?([^<>\s]+)>?", _part_text(part)))
        elif ctype in ("message/disposition-notification",):
            for block in _field_blocks(part):
                ids.extend(_message_ids(block.get("original-message-id", "")))
    if not ids:
        for _, part in iter_parts(message):
            if part is not message and _is_leaf(part) and part.get_content_maintype() == "text":
                ids.extend(re.findall(r"(?im)^\s*message-id:\s*<?([^<>\s]+)>?", _part_text(part)))
        if message.get_content_maintype() != "multipart":
            ids.extend(re.findall(r"(?im)^\s*message-id:\s*<?([^<>\s]+)>?", _part_text(message)))
    ids.extend(_message_ids(_header(message, "In-Reply-To")))
    ids.extend(_message_ids(_header(message, "References")))
    return [value for index, value in enumerate(ids) if value and value not in ids[:index]]


def _pick_ours(ids: list[str], domain: str) -> str:
    if domain:
        for value in ids:
            if value.rpartition("@")[2].lower() == domain:
                return value
    return ids[0] if ids else ""


def _report_at(message: Message, received_at: datetime | None) -> datetime:
    return _parse_date(_header(message, "Date")) or received_at or datetime.now(UTC)


def _bounce(message: Message, *, mailbox: str, domain: str, received_at: datetime | None) -> Event:
    recipients: list[dict[str, str]] = []
    for _, part in iter_parts(message):
        if part.get_content_type() == "message/delivery-status":
            recipients.extend(block for block in _field_blocks(part) if "action" in block or "status" in block)
    failed = [block for block in recipients if block.get("action", "").lower() == "failed"]
    block = (failed or recipients or [{}])[0]
    action = block.get("action", "").lower()
    status_code = _STATUS_CODE.search(block.get("status", ""))
    code = status_code.group(1) if status_code else ""
    diagnostic = re.sub(r"\s+", " ", block.get("diagnostic-code", "")).strip()
    diagnostic = re.sub(r"^(?:smtp|x-[\w-]+)\s*;\s*", "", diagnostic, flags=re.IGNORECASE)
    if not block:  # a non-DSN bounce: read the code and reason out of the human-readable text
        body = "\n".join(
            _part_text(part) for _, part in iter_parts(message) if _is_leaf(part) and part.get_content_maintype() == "text"
        )
        found = _STATUS_CODE.search(body)
        code = found.group(1) if found else ""
        diagnostic = next((line.strip() for line in body.splitlines() if code and code in line), "")
        action = "delayed" if code.startswith("4") else "failed"
    final_recipient = block.get("final-recipient", "") or block.get("original-recipient", "")
    counterpart = final_recipient.partition(";")[2].strip() if ";" in final_recipient else final_recipient.strip()

    if action == "delayed" or (not action and code.startswith("4")):
        return Ignored(channel_kind=CHANNEL, event_type="delivery_delayed", where="message/delivery-status",
                       reason=f"delivery delayed ({code or 'no status'}); the sending MTA keeps retrying", account_external_id=mailbox)  # fmt: skip
    original = _pick_ours(_original_message_ids(message), domain)
    if not original:
        return Ignored(channel_kind=CHANNEL, event_type="bounce", where="message/rfc822",
                       reason="bounce without the Message-ID of the returned message", account_external_id=mailbox)  # fmt: skip
    delivered = action in ("delivered", "relayed", "expanded")
    return DeliveryReceipt(
        channel_kind=CHANNEL,
        status=ReceiptStatus.DELIVERED if delivered else ReceiptStatus.FAILED,
        at=_report_at(message, received_at),
        external_message_id=original,
        account_external_id=mailbox,
        counterpart_external_id=counterpart.strip("<>").lower(),
        error_code="" if delivered else code,
        error_title="" if delivered else diagnostic,
    )


def _read_receipt(message: Message, *, mailbox: str, received_at: datetime | None) -> Event:
    fields: dict[str, str] = {}
    for _, part in iter_parts(message):
        if part.get_content_type() == "message/disposition-notification":
            for block in _field_blocks(part):
                fields.update(block)
    disposition = fields.get("disposition", "").lower()
    original = normalize_message_id(fields.get("original-message-id", "")) or _pick_ours(_original_message_ids(message), "")
    if "displayed" not in disposition.rpartition(";")[2] or not original:
        return Ignored(channel_kind=CHANNEL, event_type="disposition_notification", where="message/disposition-notification",
                       reason=f"disposition {disposition or 'missing'} is not a read receipt", account_external_id=mailbox)  # fmt: skip
    final_recipient = fields.get("final-recipient", "")
    return DeliveryReceipt(
        channel_kind=CHANNEL,
        status=ReceiptStatus.READ,
        at=_report_at(message, received_at),
        external_message_id=original,
        account_external_id=mailbox,
        counterpart_external_id=final_recipient.partition(";")[2].strip().strip("<>").lower(),
    )


# --- text: HTML to text, quote stripping ------------------------------------------------------

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "tr", "ul",
}  # fmt: skip
_SKIP_TAGS = {"head", "script", "style", "template", "title", "xml"}


class _HtmlText(HTMLParser):
    """Readable text from an HTML mail: blocks on their own lines, list items as "- ", links keep their
    URL when it differs from the text, `<blockquote>` content prefixed with "> " (so quoted history
    is cut like in plain text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self.current = ""
        self.current_depth = 0
        self.quote_depth = 0
        self.skip = 0
        self.pre = 0
        self.links: list[tuple[str, int]] = []

    def newline(self) -> None:
        self.lines.append((self.current_depth, self.current))
        self.current = ""
        self.current_depth = self.quote_depth

    def write(self, text: str) -> None:
        if not self.current:
            self.current_depth = self.quote_depth
        self.current += text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "br":
            self.newline()
        elif tag in _BLOCK_TAGS:
            if self.current.strip():
                self.newline()
            if tag == "blockquote":
                self.quote_depth += 1
                self.current_depth = self.quote_depth
            elif tag == "li":
                self.write("- ")
            elif tag == "pre":
                self.pre += 1
        elif tag in ("td", "th") and self.current.strip():
            self.write("  ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.current)))
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            if alt:
                self.write(f"[{alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            if self.current.strip():
                self.newline()
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
                self.current_depth = self.quote_depth
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)
            if tag in ("p", "div", "table", "blockquote", "ul", "ol", "h1", "h2", "h3") and self.lines and self.lines[-1][1]:
                self.lines.append((self.quote_depth, ""))
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = self.current[start:].strip()
            if href.startswith(("http://", "https://")) and href.rstrip("/") not in label:
                self.write(f" ({href})" if label else href)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            for index, piece in enumerate(data.split("\n")):
                if index:
                    self.newline()
                self.write(piece)
            return
        text = re.sub(r"\s+", " ", data)
        if not self.current.strip():
            text = text.lstrip()
        self.write(text)

    def text(self) -> str:
        self.close()
        if self.current:
            self.newline()
        out = []
        for depth, line in self.lines:
            line = line.replace("\xa0", " ").rstrip()
            out.append(("> " * depth + line.strip()).rstrip() if line.strip() else "")
        return _tidy("\n".join(out))


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML mail body (scripts, styles and the head are dropped)."""
    parser = _HtmlText()
    try:
        parser.feed(html)
        return parser.text()
    except Exception:  # HTMLParser is lenient; this is only a last line of defence
        return _tidy(re.sub(r"<[^>]*>", " ", html))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n").strip()


_ATTRIBUTION = re.compile(
    r"^(?:On\s.{1,250}\swrote:|El\s.{1,250}\sescribi[óo]:|(?:W dniu|Dnia)\s.{1,250}\s(?:pisze|napisał\(a\)|napisała?):"
    r"|Le\s.{1,250}\sa\s[ée]crit\s?:|Am\s.{1,250}\sschrieb\s.{0,250}:|Em\s.{1,250}\sescreveu:|Il\s.{1,250}\sha scritto:"
    r"|Op\s.{1,250}\sschreef\s.{0,250}:)$"
)
_SEPARATOR = re.compile(
    r"^-{2,}\s*(?:Original Message|Mensaje original|Wiadomo[sś][cć] oryginalna|Message d'origine|Urspr[üu]ngliche Nachricht"
    r"|Mensagem original|Messaggio originale|Oorspronkelijk bericht)\s*-{2,}$",
    re.IGNORECASE,
)
_OUTLOOK_HEADER = re.compile(r"^(?:From|De|Od|Von|Da|Van):\s", re.IGNORECASE)


def strip_quoted(text: str) -> str:
    """`text` without the quoted history of the message it answers. Conservative: cuts only at an
    attribution line ("On … wrote:", also wrapped over two lines, in en/es/pl/fr/de/pt/it/nl), an
    "Original Message" separator, an Outlook `____` rule followed by a From: line, or a trailing block
    of `>` lines — and only when something of the reply itself is left."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        cut = (
            bool(_ATTRIBUTION.match(stripped))
            or bool(following and not stripped.endswith(":") and _ATTRIBUTION.match(f"{stripped} {following}"))
            or bool(_SEPARATOR.match(stripped))
            or (re.fullmatch(r"_{10,}", stripped) is not None and bool(_OUTLOOK_HEADER.match(following)))
        )
        if cut:
            head = "\n".join(lines[:index]).rstrip()
            return _tidy(head) if head.strip() else text
    end = len(lines)
    while end > 0 and (lines[end - 1].lstrip().startswith(">") or not lines[end - 1].strip()):
        end -= 1
    if end < len(lines) and any(line.lstrip().startswith(">") for line in lines[end:]) and "\n".join(lines[:end]).strip():
        return _tidy("\n".join(lines[:end]))
    return text
