"""Instagram webhook bytes → normalized events.

* DMs (`entry[].messaging[]`, ms timestamps): messages, story mentions (MessageKind.MENTION),
  echoes (`is_echo` inside `messages`), unsends (`is_deleted`), `messaging_seen` reads,
  reactions, postbacks. The App Dashboard "Test" shape (`changes[{field:"messages"}]`) too.
* Comments (`changes[]` field `comments`/`live_comments`) → MessageKind.COMMENT, post id in
  `ThreadHints.post_id`, parent comment in `reply_to_external_id`; time = `entry.time` (seconds).
* Mentions (`changes[]` field `mentions`) → MessageKind.MENTION: only ids are sent; the text must
  be fetched (`mentioned_comment` / `mentioned_media`), so `text` is empty.
Unknown kinds: `Ignored` by default, `UnknownEvent` with `unknown="raise"`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations._payload import check_unknown, id_str, load_json, opt, req, unknown_event
from integrations._time import from_meta
from integrations.errors import MalformedPayload
from integrations.events import ChannelKind, Event, Ignored, InboundMessage, MessageKind, Sender, ThreadHints
from integrations.meta.messaging import WRAPPED_MESSAGING_FIELDS, parse_envelope, parse_messaging_item

CHANNEL = ChannelKind.INSTAGRAM
IGNORED_FIELDS = ("story_insights", "messaging_optins", "messaging_referral", "messaging_handover", "standby")


def parse(raw: bytes, *, unknown: str = "ignore") -> list[Event]:
    check_unknown(unknown)
    data = load_json(raw)

    def on_change(field: str, value: dict[str, Any], where: str, account: str, entry_time: datetime | None) -> list[Event]:
        if field in ("comments", "live_comments"):
            return [_comment(value, where, account, entry_time)]
        if field == "mentions":
            return [_mention(value, where, account, entry_time)]
        if field in WRAPPED_MESSAGING_FIELDS:
            return parse_messaging_item(value, where, channel=CHANNEL, account=account, unknown=unknown, entry_time=entry_time)
        if field in IGNORED_FIELDS:
            return [Ignored(channel_kind=CHANNEL, event_type=field, where=where, reason="outside the inbox's scope", account_external_id=account)]
        error = unknown_event(unknown, field, where)
        return [Ignored(channel_kind=CHANNEL, event_type=field, where=where, reason=str(error), account_external_id=account)]

    return parse_envelope(data, expected_object="instagram", channel=CHANNEL, unknown=unknown, on_change=on_change)


def _when(value: dict[str, Any], where: str, entry_time: datetime | None) -> datetime:
    if value.get("timestamp") is not None:
        return from_meta(value["timestamp"], f"{where}.timestamp")
    if entry_time is None:
        raise MalformedPayload("missing 'time' on the entry (needed to date the comment)", where)
    return entry_time


def _comment(value: dict[str, Any], where: str, account: str, entry_time: datetime | None) -> InboundMessage:
    author = req(value, "from", dict, where)
    media = req(value, "media", dict, where)
    return InboundMessage(
        channel_kind=CHANNEL,
        external_id=id_str(value, "id", where),
        sender=Sender(external_id=id_str(author, "id", f"{where}.from"), username=opt(author, "username", str, f"{where}.from", "")),
        sent_at=_when(value, where, entry_time),
        text=opt(value, "text", str, where, ""),
        kind=MessageKind.COMMENT,
        thread=ThreadHints(post_id=id_str(media, "id", f"{where}.media"), reply_to_external_id=opt(value, "parent_id", str, where, "")),
        account_external_id=account,
    )


def _mention(value: dict[str, Any], where: str, account: str, entry_time: datetime | None) -> InboundMessage:
    media_id = id_str(value, "media_id", where)
    comment_id = opt(value, "comment_id", (str, int), where)
    return InboundMessage(
        channel_kind=CHANNEL,
        # a comment mention is keyed by its comment; a caption mention by its media
        external_id=str(comment_id) if comment_id is not None else f"media:{media_id}",
        # the author is not in the notification: the mentioned account stands in until it is fetched
        sender=Sender(external_id=opt(value, "from_id", str, where, "") or f"unknown:{account}"),
        sent_at=_when(value, where, entry_time),
        kind=MessageKind.MENTION,
        thread=ThreadHints(post_id=media_id),
        account_external_id=account,
    )
