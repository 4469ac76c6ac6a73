"""Meta's `{object, entry[]}` envelope and the `messaging[]` events Messenger and Instagram share.

Pure functions: dict in, normalized events out. Platform modules decide the `object` they accept
and how `changes[]` are read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from integrations._payload import id_str, objects, opt, req, unknown_event
from integrations._time import from_meta
from integrations.errors import MalformedPayload
from integrations.events import (
    Attachment,
    AttachmentKind,
    ChannelKind,
    Deletion,
    DeliveryReceipt,
    Echo,
    Edit,
    Event,
    Ignored,
    InboundMessage,
    MessageKind,
    Postback,
    Reaction,
    ReactionAction,
    ReceiptStatus,
    Sender,
    ThreadHints,
)

ChangeParser = Callable[[str, dict[str, Any], str, str, datetime | None], list[Event]]

# Known `messaging[]` event kinds outside the inbox's scope: explicitly ignored, never an error.
IGNORED_MESSAGING_KEYS = (
    "optin",
    "referral",
    "pass_thread_control",
    "take_thread_control",
    "request_thread_control",
    "app_roles",
    "policy_enforcement",
    "account_linking",
    "messaging_feedback",
    "response_feedback",
    "game_play",
)

# Subscription fields whose `{field, value}` wrapper holds one messaging[] item (current Messenger
# postback doc shape; the App Dashboard "Test" button for Instagram DMs).
WRAPPED_MESSAGING_FIELDS = (
    "messages",
    "message_echoes",
    "message_deliveries",
    "message_reads",
    "message_edits",
    "message_reactions",
    "messaging_postbacks",
    "messaging_seen",
)

_ATTACHMENT_KINDS = {
    "image": AttachmentKind.IMAGE,
    "video": AttachmentKind.VIDEO,
    "audio": AttachmentKind.AUDIO,
    "file": AttachmentKind.FILE,
    "sticker": AttachmentKind.STICKER,
    "location": AttachmentKind.LOCATION,
    "reel": AttachmentKind.VIDEO,
    "ig_reel": AttachmentKind.VIDEO,
    "story_mention": AttachmentKind.IMAGE,
}


_NAMED = ("reel", "ig_reel", "story_mention")


def parse_envelope(
    data: dict[str, Any],
    *,
    expected_object: str,
    channel: ChannelKind,
    unknown: str,
    on_change: ChangeParser,
) -> list[Event]:
    """Iterate every `entry[]` and, in each, every `messaging[]`, `standby[]` and `changes[]` item."""
    obj = req(data, "object", str, "$")
    if obj != expected_object:
        raise MalformedPayload(f"expected object {expected_object!r}, got {obj!r}", "$.object")
    events: list[Event] = []
    for where, entry in objects(data, "entry", "$"):
        account = id_str(entry, "id", where)
        entry_time = from_meta(entry["time"], f"{where}.time") if entry.get("time") is not None else None
        found = False
        for key in ("messaging", "standby"):
            if key in entry:
                found = True
                for item_where, item in objects(entry, key, where):
                    events.extend(parse_messaging_item(item, item_where, channel=channel, account=account, unknown=unknown, entry_time=entry_time))
        if "changes" in entry:
            found = True
            for change_where, change in objects(entry, "changes", where):
                field = req(change, "field", str, change_where)
                value = req(change, "value", dict, change_where)
                events.extend(on_change(field, value, f"{change_where}.value", account, entry_time))
        if not found:
            raise MalformedPayload("entry has none of 'messaging', 'standby', 'changes'", where)
    return events


def _time_of(item: dict[str, Any], where: str, entry_time: datetime | None, *fallbacks: tuple[dict[str, Any], str]) -> datetime:
    if item.get("timestamp") is not None:
        return from_meta(item["timestamp"], f"{where}.timestamp")
    for obj, obj_where in fallbacks:
        if obj.get("watermark") is not None:
            return from_meta(obj["watermark"], f"{obj_where}.watermark")
    if entry_time is not None:
        return entry_time
    raise MalformedPayload("missing required field 'timestamp'", where)


def _party(item: dict[str, Any], key: str, where: str) -> str:
    party = req(item, key, dict, where)
    if party.get("id") is not None:
        return id_str(party, "id", f"{where}.{key}")
    if party.get("user_ref") is not None:  # Messenger Chat Plugin visitors
        return id_str(party, "user_ref", f"{where}.{key}")
    if party.get("comment_id") is not None:
        return id_str(party, "comment_id", f"{where}.{key}")
    raise MalformedPayload("missing required field 'id'", f"{where}.{key}")


def parse_attachments(message: dict[str, Any], where: str) -> tuple[Attachment, ...]:
    out = []
    for att_where, att in objects(message, "attachments", where, required=False):
        kind_name = req(att, "type", str, att_where)
        payload = opt(att, "payload", dict, att_where, {})
        url = opt(payload, "url", str, f"{att_where}.payload", "") or opt(att, "url", str, att_where, "")
        if kind_name == "location":
            coords = req(payload, "coordinates", dict, f"{att_where}.payload")
            lat = req(coords, "lat", (int, float), f"{att_where}.payload.coordinates")
            long = req(coords, "long", (int, float), f"{att_where}.payload.coordinates")
            out.append(Attachment(kind=AttachmentKind.LOCATION, url=f"geo:{lat},{long}", name=opt(att, "title", str, att_where, "")))
            continue
        kind = _ATTACHMENT_KINDS.get(kind_name)
        if kind is None:
            # shares, posts, templates, fallback links: kept as a link-like file named by its type
            out.append(Attachment(kind=AttachmentKind.FILE, url=url, name=kind_name))
        elif kind is AttachmentKind.STICKER and payload.get("sticker_id") is not None:
            out.append(Attachment(kind=kind, url=url, name=str(payload["sticker_id"])))
        else:
            out.append(Attachment(kind=kind, url=url, name=kind_name if kind_name not in _ATTACHMENT_KINDS or kind_name in _NAMED else ""))
    return tuple(out)


def parse_messaging_item(
    item: dict[str, Any],
    where: str,
    *,
    channel: ChannelKind,
    account: str,
    unknown: str,
    entry_time: datetime | None = None,
) -> list[Event]:
    """One `messaging[]` item → zero or more events (a delivery with several `mids` gives several)."""
    if "message" in item:
        return [_message(item, where, channel=channel, account=account, entry_time=entry_time)]
    if "delivery" in item:
        delivery = req(item, "delivery", dict, where)
        d_where = f"{where}.delivery"
        watermark = from_meta(req(delivery, "watermark", (int, str), d_where), f"{d_where}.watermark")
        at = _time_of(item, where, entry_time, (delivery, d_where))
        customer = _party(item, "sender", where)
        mids = [_check_mid(mid, f"{d_where}.mids[{i}]") for i, mid in enumerate(opt(delivery, "mids", list, d_where, []))]
        common = dict(channel_kind=channel, status=ReceiptStatus.DELIVERED, at=at, watermark=watermark, account_external_id=account, counterpart_external_id=customer)
        if not mids:
            return [DeliveryReceipt(**common)]
        return [DeliveryReceipt(external_message_id=mid, **common) for mid in mids]
    if "read" in item:
        read = req(item, "read", dict, where)
        r_where = f"{where}.read"
        mid = opt(read, "mid", str, r_where, "")  # Instagram messaging_seen
        watermark_raw = opt(read, "watermark", (int, str), r_where)  # Messenger message_reads
        if not mid and watermark_raw is None:
            raise MalformedPayload("read receipt has neither 'mid' nor 'watermark'", r_where)
        watermark = from_meta(watermark_raw, f"{r_where}.watermark") if watermark_raw is not None else None
        return [
            DeliveryReceipt(
                channel_kind=channel,
                status=ReceiptStatus.READ,
                at=_time_of(item, where, entry_time, (read, r_where)),
                external_message_id=mid,
                watermark=watermark,
                account_external_id=account,
                counterpart_external_id=_party(item, "sender", where),
            )
        ]
    if "message_edit" in item:
        edit = req(item, "message_edit", dict, where)
        e_where = f"{where}.message_edit"
        num = edit.get("num_edit")  # documented as integer, shown as a string in the example
        edit_count = num if type(num) is int else int(num) if isinstance(num, str) and num.isdigit() else None
        return [
            Edit(
                channel_kind=channel,
                external_message_id=req(edit, "mid", str, e_where),
                sender=Sender(external_id=_party(item, "sender", where)),
                text=req(edit, "text", str, e_where),
                at=_time_of(item, where, entry_time),
                edit_count=edit_count,
                account_external_id=account,
            )
        ]
    if "reaction" in item:
        reaction = req(item, "reaction", dict, where)
        x_where = f"{where}.reaction"
        action = req(reaction, "action", str, x_where)
        if action not in ("react", "unreact"):
            raise MalformedPayload(f"reaction action must be 'react' or 'unreact', got {action!r}", f"{x_where}.action")
        return [
            Reaction(
                channel_kind=channel,
                external_message_id=req(reaction, "mid", str, x_where),
                sender=Sender(external_id=_party(item, "sender", where)),
                action=ReactionAction(action),
                at=_time_of(item, where, entry_time),
                emoji=opt(reaction, "emoji", str, x_where, ""),
                reaction=opt(reaction, "reaction", str, x_where, ""),
                account_external_id=account,
            )
        ]
    if "postback" in item:
        postback = req(item, "postback", dict, where)
        p_where = f"{where}.postback"
        sender = _party(item, "sender", where)
        at = _time_of(item, where, entry_time)
        mid = opt(postback, "mid", str, p_where, "")
        return [
            Postback(
                channel_kind=channel,
                # before v11 postbacks had no mid: derive a stable key from who pressed and when
                external_id=mid or f"postback:{sender}:{int(at.timestamp() * 1000)}",
                sender=Sender(external_id=sender),
                payload=req(postback, "payload", str, p_where),
                at=at,
                title=opt(postback, "title", str, p_where, ""),
                account_external_id=account,
            )
        ]
    for key in IGNORED_MESSAGING_KEYS:
        if key in item:
            return [Ignored(channel_kind=channel, event_type=key, where=where, reason="outside the inbox's scope", account_external_id=account)]
    kind = next((k for k in item if k not in ("sender", "recipient", "timestamp")), "<empty>")
    error = unknown_event(unknown, kind, where)
    return [Ignored(channel_kind=channel, event_type=kind, where=where, reason=str(error), account_external_id=account)]


def _check_mid(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise MalformedPayload(f"expected a message id string, got {value!r}", where)
    return value


def _message(item: dict[str, Any], where: str, *, channel: ChannelKind, account: str, entry_time: datetime | None) -> Event:
    message = req(item, "message", dict, where)
    m_where = f"{where}.message"
    mid = req(message, "mid", str, m_where)
    at = _time_of(item, where, entry_time)
    sender = _party(item, "sender", where)
    text = opt(message, "text", str, m_where, "")
    attachments = parse_attachments(message, m_where)
    if message.get("is_echo") is True:
        app_id = message.get("app_id")
        return Echo(
            channel_kind=channel,
            external_id=mid,
            sent_at=at,
            recipient_external_id=_party(item, "recipient", where),  # reversed: sender is the page
            text=text,
            attachments=attachments,
            account_external_id=account,
            app_id="" if app_id is None else str(app_id),
            metadata=opt(message, "metadata", str, m_where, ""),
        )
    if message.get("is_deleted") is True:  # Instagram unsend
        return Deletion(channel_kind=channel, external_message_id=mid, sender_external_id=sender, at=at, account_external_id=account)
    reply_to = opt(message, "reply_to", dict, m_where, {})
    reply_to_id = opt(reply_to, "mid", str, f"{m_where}.reply_to", "")
    if not reply_to_id and isinstance(reply_to.get("story"), dict):  # Instagram reply to a story
        reply_to_id = opt(reply_to["story"], "id", str, f"{m_where}.reply_to.story", "")
    kind = MessageKind.MESSAGE
    if _has_type(message, "story_mention"):  # Instagram: the customer mentioned us in their story
        kind = MessageKind.MENTION
    return InboundMessage(
        channel_kind=channel,
        external_id=mid,
        sender=Sender(external_id=sender),
        sent_at=at,
        text=text,
        kind=kind,
        attachments=attachments,
        thread=ThreadHints(reply_to_external_id=reply_to_id),
        account_external_id=account,
    )


def _has_type(message: dict[str, Any], kind: str) -> bool:
    return any(isinstance(a, dict) and a.get("type") == kind for a in message.get("attachments") or ())
