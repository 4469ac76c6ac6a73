"""WhatsApp Cloud API webhook bytes → normalized events.

`entry[] × changes[] × messages[] / statuses[] / message_echoes[]`, every level iterated.
Timestamps are Unix **seconds as strings** (ints accepted too).

* `messages[]`: text, image/video/audio/document/sticker (media id as `whatsapp-media:<id>`: the
  bytes are fetched with `GET /<media_id>`), location (`geo:lat,long`), reply context, interactive
  button/list replies and template quick-reply buttons (→ Postback), reactions (emoji omitted →
  unreact), unsupported (→ a message with no text, so the agent sees the customer wrote), system
  (→ Ignored: a number change needs re-keying the contact, not a message).
* `statuses[]` → DeliveryReceipt sent/delivered/read/failed (+ first error code/title).
* field `smb_message_echoes` (coexistence numbers) → Echo; their `edit`/`revoke` → Ignored.
* The customer is keyed by `wa_id`/`from` when present (phone), else by the 2026 BSUID `user_id`.
Routing: `account_external_id` = `value.metadata.phone_number_id`.
Unknown types/fields: `Ignored` by default, `UnknownEvent` with `unknown="raise"`.
"""

from __future__ import annotations

from typing import Any

from integrations._payload import check_unknown, id_str, load_json, objects, opt, req, unknown_event
from integrations._time import from_seconds
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
    Postback,
    Reaction,
    ReactionAction,
    ReceiptStatus,
    Sender,
    ThreadHints,
)

CHANNEL = ChannelKind.WHATSAPP
MEDIA_URL_PREFIX = "whatsapp-media:"
IGNORED_FIELDS = (
    "message_template_status_update",
    "message_template_quality_update",
    "phone_number_quality_update",
    "phone_number_name_update",
    "account_update",
    "account_review_update",
    "account_alerts",
    "business_capability_update",
    "template_category_update",
    "security",
    "flows",
)
_MEDIA_KINDS = {
    "image": AttachmentKind.IMAGE,
    "video": AttachmentKind.VIDEO,
    "audio": AttachmentKind.AUDIO,
    "document": AttachmentKind.FILE,
    "sticker": AttachmentKind.STICKER,
}
_STATUSES = {"sent": ReceiptStatus.SENT, "delivered": ReceiptStatus.DELIVERED, "read": ReceiptStatus.READ, "failed": ReceiptStatus.FAILED}


def parse(raw: bytes, *, unknown: str = "ignore") -> list[Event]:
    check_unknown(unknown)
    data = load_json(raw)
    obj = req(data, "object", str, "$")
    if obj != "whatsapp_business_account":
        raise MalformedPayload(f"expected object 'whatsapp_business_account', got {obj!r}", "$.object")
    events: list[Event] = []
    for where, entry in objects(data, "entry", "$"):
        id_str(entry, "id", where)  # the WABA id; routing uses the phone number id below
        for change_where, change in objects(entry, "changes", where):
            field = req(change, "field", str, change_where)
            value = req(change, "value", dict, change_where)
            events.extend(_change(field, value, f"{change_where}.value", unknown))
    return events


def _change(field: str, value: dict[str, Any], where: str, unknown: str) -> list[Event]:
    if field in IGNORED_FIELDS:
        return [Ignored(channel_kind=CHANNEL, event_type=field, where=where, reason="outside the inbox's scope")]
    if field not in ("messages", "smb_message_echoes"):
        error = unknown_event(unknown, field, where)
        return [Ignored(channel_kind=CHANNEL, event_type=field, where=where, reason=str(error))]
    metadata = req(value, "metadata", dict, where)
    account = id_str(metadata, "phone_number_id", f"{where}.metadata")
    names: dict[str, Sender] = {}
    for contact_where, contact in objects(value, "contacts", where, required=False):
        profile = opt(contact, "profile", dict, contact_where, {})
        wa_id = opt(contact, "wa_id", str, contact_where, "")
        user_id = opt(contact, "user_id", str, contact_where, "")
        sender = Sender(
            external_id=wa_id or user_id,
            display_name=opt(profile, "name", str, f"{contact_where}.profile", ""),
            username=opt(contact, "username", str, contact_where, ""),
            phone=f"+{wa_id}" if wa_id else "",
        )
        if not sender.external_id:
            raise MalformedPayload("contact has neither 'wa_id' nor 'user_id'", contact_where)
        for key in (wa_id, user_id):
            if key:
                names[key] = sender
    events: list[Event] = []
    for message_where, message in objects(value, "messages", where, required=False):
        events.append(_message(message, message_where, account, names, unknown))
    for status_where, status in objects(value, "statuses", where, required=False):
        events.append(_status(status, status_where, account))
    for echo_where, echo in objects(value, "message_echoes", where, required=False):
        events.append(_echo(echo, echo_where, account))
    for error_where, _error in objects(value, "errors", where, required=False):
        events.append(Ignored(channel_kind=CHANNEL, event_type="errors", where=error_where, reason="platform error notification", account_external_id=account))
    if not events and field == "messages":
        raise MalformedPayload("value has none of 'messages', 'statuses', 'errors'", where)
    return events


def _customer(message: dict[str, Any], where: str, names: dict[str, Sender]) -> Sender:
    key = opt(message, "from", str, where, "") or opt(message, "user_id", str, where, "")
    if not key:
        raise MalformedPayload("message has neither 'from' nor 'user_id'", where)
    return names.get(key) or Sender(external_id=key, phone=f"+{key}" if key.isdigit() else "")


def _message(message: dict[str, Any], where: str, account: str, names: dict[str, Sender], unknown: str) -> Event:
    wamid = req(message, "id", str, where)
    kind = req(message, "type", str, where)
    at = from_seconds(req(message, "timestamp", (str, int), where), f"{where}.timestamp")
    sender = _customer(message, where, names)
    context = opt(message, "context", dict, where, {})
    reply_to = opt(context, "id", str, f"{where}.context", "")
    thread = ThreadHints(reply_to_external_id=reply_to)
    common = dict(channel_kind=CHANNEL, external_id=wamid, sender=sender, sent_at=at, thread=thread, account_external_id=account)
    if kind == "text":
        body = req(message, "text", dict, where)
        return InboundMessage(text=req(body, "body", str, f"{where}.text"), **common)
    if kind in _MEDIA_KINDS:
        media = req(message, kind, dict, where)
        m_where = f"{where}.{kind}"
        attachment = Attachment(
            kind=_MEDIA_KINDS[kind],
            url=MEDIA_URL_PREFIX + id_str(media, "id", m_where),
            mime_type=opt(media, "mime_type", str, m_where, ""),
            name=opt(media, "filename", str, m_where, ""),
        )
        return InboundMessage(text=opt(media, "caption", str, m_where, ""), attachments=(attachment,), **common)
    if kind == "location":
        location = req(message, "location", dict, where)
        l_where = f"{where}.location"
        lat = req(location, "latitude", (int, float), l_where)
        long = req(location, "longitude", (int, float), l_where)
        label = " — ".join(part for part in (opt(location, "name", str, l_where, ""), opt(location, "address", str, l_where, "")) if part)
        return InboundMessage(attachments=(Attachment(kind=AttachmentKind.LOCATION, url=f"geo:{lat},{long}", name=label),), **common)
    if kind == "interactive":
        interactive = req(message, "interactive", dict, where)
        i_where = f"{where}.interactive"
        reply_kind = req(interactive, "type", str, i_where)
        if reply_kind not in ("button_reply", "list_reply"):
            error = unknown_event(unknown, f"interactive.{reply_kind}", i_where)
            return Ignored(channel_kind=CHANNEL, event_type=f"interactive.{reply_kind}", where=i_where, reason=str(error), account_external_id=account)
        choice = req(interactive, reply_kind, dict, i_where)
        c_where = f"{i_where}.{reply_kind}"
        return Postback(
            channel_kind=CHANNEL,
            external_id=wamid,
            sender=sender,
            payload=req(choice, "id", str, c_where),
            title=opt(choice, "title", str, c_where, ""),
            at=at,
            reply_to_external_id=reply_to,
            account_external_id=account,
        )
    if kind == "button":  # quick-reply button of a template message
        button = req(message, "button", dict, where)
        return Postback(
            channel_kind=CHANNEL,
            external_id=wamid,
            sender=sender,
            payload=req(button, "payload", str, f"{where}.button"),
            title=opt(button, "text", str, f"{where}.button", ""),
            at=at,
            reply_to_external_id=reply_to,
            account_external_id=account,
        )
    if kind == "reaction":
        reaction = req(message, "reaction", dict, where)
        emoji = opt(reaction, "emoji", str, f"{where}.reaction", "")
        return Reaction(
            channel_kind=CHANNEL,
            external_message_id=req(reaction, "message_id", str, f"{where}.reaction"),
            sender=sender,
            action=ReactionAction.REACT if emoji else ReactionAction.UNREACT,
            at=at,
            emoji=emoji,
            account_external_id=account,
        )
    if kind == "unsupported":
        return InboundMessage(**common)  # the agent still sees that the customer wrote
    if kind == "system":
        system = opt(message, "system", dict, where, {})
        return Ignored(
            channel_kind=CHANNEL,
            event_type=f"system.{opt(system, 'type', str, f'{where}.system', 'unknown')}",
            where=where,
            reason="system notice (e.g. the customer changed number)",
            account_external_id=account,
        )
    error = unknown_event(unknown, kind, where)
    return Ignored(channel_kind=CHANNEL, event_type=kind, where=where, reason=str(error), account_external_id=account)


def _status(status: dict[str, Any], where: str, account: str) -> DeliveryReceipt:
    name = req(status, "status", str, where)
    if name not in _STATUSES:
        raise MalformedPayload(f"status must be one of {', '.join(_STATUSES)}, got {name!r}", f"{where}.status")
    errors = [e for _, e in objects(status, "errors", where, required=False)]
    first = errors[0] if errors else {}
    return DeliveryReceipt(
        channel_kind=CHANNEL,
        status=_STATUSES[name],
        at=from_seconds(req(status, "timestamp", (str, int), where), f"{where}.timestamp"),
        external_message_id=req(status, "id", str, where),
        account_external_id=account,
        counterpart_external_id=opt(status, "recipient_id", str, where, "") or opt(status, "recipient_user_id", str, where, ""),
        error_code="" if first.get("code") is None else str(first["code"]),
        error_title=str(first.get("title") or first.get("message") or ""),
    )


def _echo(echo: dict[str, Any], where: str, account: str) -> Event:
    kind = req(echo, "type", str, where)
    text = ""
    if kind == "text":
        text = req(req(echo, "text", dict, where), "body", str, f"{where}.text")
    elif kind in ("edit", "revoke"):
        return Ignored(channel_kind=CHANNEL, event_type=f"echo.{kind}", where=where, reason="business-side edit/revoke in the WhatsApp Business app", account_external_id=account)
    elif kind in _MEDIA_KINDS:
        text = opt(req(echo, kind, dict, where), "caption", str, f"{where}.{kind}", "")
    return Echo(
        channel_kind=CHANNEL,
        external_id=req(echo, "id", str, where),
        sent_at=from_seconds(req(echo, "timestamp", (str, int), where), f"{where}.timestamp"),
        recipient_external_id=opt(echo, "to", str, where, "") or opt(echo, "to_user_id", str, where, ""),
        text=text,
        account_external_id=account,
    )
