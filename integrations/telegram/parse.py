"""Telegram webhook bytes (one `Update` per POST) → normalized events.

* `message` / `business_message` → InboundMessage; `external_id` is `"<chat.id>:<message_id>"`
  because message ids are unique only inside a chat. Photos keep the largest size; media are
  `telegram-file:<file_id>` (bytes via getFile). Text is `text` or `caption`.
* `edited_message` / `edited_business_message` → Edit (time = `edit_date`).
* `callback_query` → Postback (`external_id` = `"callback:<id>"`; a callback carries no date, so
  `at` is `received_at` when given, else the date of the message the button was on).
* `message_reaction` → Reaction; `deleted_business_messages` → one Deletion per message id.
* Known updates outside the inbox (channel posts, chat member changes, polls, inline queries…)
  → Ignored. Unknown update kinds: `Ignored` by default, `UnknownEvent` with `unknown="raise"`.
Timestamps (`date`, `edit_date`) are integer **seconds**. There are no echoes and no receipts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations._payload import check_unknown, id_str, load_json, objects, opt, req, unknown_event
from integrations._time import from_seconds
from integrations.errors import MalformedPayload
from integrations.events import (
    Attachment,
    AttachmentKind,
    ChannelKind,
    Deletion,
    Edit,
    Event,
    Ignored,
    InboundMessage,
    Postback,
    Reaction,
    ReactionAction,
    Sender,
    ThreadHints,
)

CHANNEL = ChannelKind.TELEGRAM
FILE_URL_PREFIX = "telegram-file:"
IGNORED_UPDATES = (
    "channel_post",
    "edited_channel_post",
    "business_connection",
    "message_reaction_count",
    "inline_query",
    "chosen_inline_result",
    "shipping_query",
    "pre_checkout_query",
    "purchased_paid_media",
    "poll",
    "poll_answer",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
    "chat_boost",
    "removed_chat_boost",
)
_MEDIA = (
    ("document", AttachmentKind.FILE),
    ("voice", AttachmentKind.AUDIO),
    ("audio", AttachmentKind.AUDIO),
    ("video", AttachmentKind.VIDEO),
    ("video_note", AttachmentKind.VIDEO),
    ("animation", AttachmentKind.VIDEO),
    ("sticker", AttachmentKind.STICKER),
)


def parse(raw: bytes, *, unknown: str = "ignore", received_at: datetime | None = None) -> list[Event]:
    """Events of one webhook POST (one Update)."""
    check_unknown(unknown)
    return parse_update(load_json(raw), "$", unknown=unknown, received_at=received_at)


def parse_get_updates(raw: bytes, *, unknown: str = "ignore", received_at: datetime | None = None) -> list[Event]:
    """Events of a `getUpdates` answer (`{"ok": true, "result": [Update…]}`), for polling mode."""
    check_unknown(unknown)
    data = load_json(raw)
    if req(data, "ok", bool, "$") is not True:
        raise MalformedPayload(f"getUpdates failed: {data.get('description', 'no description')}", "$.ok")
    events: list[Event] = []
    for where, update in objects(data, "result", "$"):
        events.extend(parse_update(update, where, unknown=unknown, received_at=received_at))
    return events


def update_id(raw: bytes) -> int:
    """The Update's dedupe key (redeliveries repeat it)."""
    return req(load_json(raw), "update_id", int, "$")


def parse_update(update: dict[str, Any], where: str, *, unknown: str = "ignore", received_at: datetime | None = None) -> list[Event]:
    req(update, "update_id", int, where)
    kinds = [key for key in update if key != "update_id"]
    if not kinds:
        raise MalformedPayload("update has no content besides 'update_id'", where)
    kind = kinds[0]  # "At most one of the optional parameters can be present"
    k_where = f"{where}.{kind}"
    if kind in ("message", "business_message"):
        return [_message(req(update, kind, dict, where), k_where)]
    if kind in ("edited_message", "edited_business_message"):
        return [_edit(req(update, kind, dict, where), k_where)]
    if kind == "callback_query":
        return [_callback(req(update, kind, dict, where), k_where, received_at)]
    if kind == "message_reaction":
        return [_reaction(req(update, kind, dict, where), k_where)]
    if kind == "deleted_business_messages":
        deleted = req(update, kind, dict, where)
        chat = id_str(req(deleted, "chat", dict, k_where), "id", f"{k_where}.chat")
        ids = req(deleted, "message_ids", list, k_where)
        at = received_at or _no_date(k_where)
        return [Deletion(channel_kind=CHANNEL, external_message_id=f"{chat}:{mid}", sender_external_id=chat, at=at) for mid in ids]
    if kind in IGNORED_UPDATES:
        return [Ignored(channel_kind=CHANNEL, event_type=kind, where=k_where, reason="outside the inbox's scope")]
    error = unknown_event(unknown, kind, k_where)
    return [Ignored(channel_kind=CHANNEL, event_type=kind, where=k_where, reason=str(error))]


def _no_date(where: str) -> datetime:
    raise MalformedPayload("this update carries no date: pass received_at", where)


def _user(user: dict[str, Any], where: str) -> Sender:
    name = " ".join(part for part in (opt(user, "first_name", str, where, ""), opt(user, "last_name", str, where, "")) if part)
    return Sender(
        external_id=id_str(user, "id", where),
        display_name=name or opt(user, "title", str, where, ""),
        username=opt(user, "username", str, where, ""),
        language=opt(user, "language_code", str, where, ""),
    )


def _author(message: dict[str, Any], where: str) -> Sender:
    if message.get("from") is not None:
        return _user(req(message, "from", dict, where), f"{where}.from")
    if message.get("sender_chat") is not None:
        return _user(req(message, "sender_chat", dict, where), f"{where}.sender_chat")
    raise MalformedPayload("message has neither 'from' nor 'sender_chat'", where)


def _key(message: dict[str, Any], where: str) -> str:
    chat = id_str(req(message, "chat", dict, where), "id", f"{where}.chat")
    return f"{chat}:{req(message, 'message_id', int, where)}"


def _attachments(message: dict[str, Any], where: str) -> tuple[Attachment, ...]:
    out: list[Attachment] = []
    if message.get("photo") is not None:
        sizes = [size for _, size in objects(message, "photo", where)]
        if sizes:
            largest = sizes[-1]  # Telegram lists sizes smallest first
            out.append(Attachment(kind=AttachmentKind.IMAGE, url=FILE_URL_PREFIX + id_str(largest, "file_id", f"{where}.photo[{len(sizes) - 1}]"), size_bytes=largest.get("file_size")))
    for key, kind in _MEDIA:
        media = opt(message, key, dict, where)
        if media is None:
            continue
        m_where = f"{where}.{key}"
        out.append(
            Attachment(
                kind=kind,
                url=FILE_URL_PREFIX + id_str(media, "file_id", m_where),
                mime_type=opt(media, "mime_type", str, m_where, ""),
                size_bytes=opt(media, "file_size", int, m_where),
                name=opt(media, "file_name", str, m_where, "") or opt(media, "emoji", str, m_where, ""),
            )
        )
        if key == "animation":
            break  # an animation message also carries a `document` copy of the same file
    location = opt(message, "location", dict, where)
    if location is not None:
        lat = req(location, "latitude", (int, float), f"{where}.location")
        long = req(location, "longitude", (int, float), f"{where}.location")
        out.append(Attachment(kind=AttachmentKind.LOCATION, url=f"geo:{lat},{long}"))
    return tuple(out)


def _message(message: dict[str, Any], where: str) -> InboundMessage:
    reply = opt(message, "reply_to_message", dict, where)
    return InboundMessage(
        channel_kind=CHANNEL,
        external_id=_key(message, where),
        sender=_author(message, where),
        sent_at=from_seconds(req(message, "date", int, where), f"{where}.date"),
        text=opt(message, "text", str, where, "") or opt(message, "caption", str, where, ""),
        attachments=_attachments(message, where),
        thread=ThreadHints(reply_to_external_id=_key(reply, f"{where}.reply_to_message") if reply else ""),
    )


def _edit(message: dict[str, Any], where: str) -> Edit:
    stamp = message.get("edit_date") if message.get("edit_date") is not None else req(message, "date", int, where)
    return Edit(
        channel_kind=CHANNEL,
        external_message_id=_key(message, where),
        sender=_author(message, where),
        text=opt(message, "text", str, where, "") or opt(message, "caption", str, where, ""),
        at=from_seconds(stamp, f"{where}.edit_date"),
    )


def _callback(query: dict[str, Any], where: str, received_at: datetime | None) -> Postback:
    message = opt(query, "message", dict, where)
    if received_at is not None:
        at = received_at
    elif message is not None and message.get("date"):
        at = from_seconds(message["date"], f"{where}.message.date")
    else:
        at = _no_date(where)
    payload = opt(query, "data", str, where) or opt(query, "game_short_name", str, where)
    if payload is None:
        raise MalformedPayload("callback_query has neither 'data' nor 'game_short_name'", where)
    return Postback(
        channel_kind=CHANNEL,
        external_id=f"callback:{req(query, 'id', str, where)}",
        sender=_user(req(query, "from", dict, where), f"{where}.from"),
        payload=payload,
        at=at,
        reply_to_external_id=_key(message, f"{where}.message") if message is not None else "",
    )


def _emojis(reactions: list[Any], where: str) -> list[str]:
    out = []
    for index, reaction in enumerate(reactions):
        r_where = f"{where}[{index}]"
        if not isinstance(reaction, dict):
            raise MalformedPayload("expected a ReactionType object", r_where)
        kind = req(reaction, "type", str, r_where)
        if kind == "emoji":
            out.append(req(reaction, "emoji", str, r_where))
        elif kind == "custom_emoji":
            out.append(f"custom_emoji:{req(reaction, 'custom_emoji_id', str, r_where)}")
        else:
            out.append(kind)  # "paid" star reactions
    return out


def _reaction(update: dict[str, Any], where: str) -> Reaction:
    old = _emojis(req(update, "old_reaction", list, where), f"{where}.old_reaction")
    new = _emojis(req(update, "new_reaction", list, where), f"{where}.new_reaction")
    added = [emoji for emoji in new if emoji not in old]
    removed = [emoji for emoji in old if emoji not in new]
    if update.get("user") is not None:
        sender = _user(req(update, "user", dict, where), f"{where}.user")
    else:
        sender = _user(req(update, "actor_chat", dict, where), f"{where}.actor_chat")
    return Reaction(
        channel_kind=CHANNEL,
        external_message_id=_key(update, where),
        sender=sender,
        action=ReactionAction.REACT if added or (new and not removed) else ReactionAction.UNREACT,
        at=from_seconds(req(update, "date", int, where), f"{where}.date"),
        emoji=(added or new or removed or [""])[0],
    )
