"""X Account Activity webhook bytes → normalized events.

One event-type array per POST (`for_user_id` = the subscribed account), every item iterated.
* `direct_message_events` (`message_create`): from the customer → InboundMessage (profile from the
  `users` map, incl. `followers_count`); sent by the subscribed account (`sender_id == for_user_id`)
  → Echo (`app_id` = `source_app_id`: ours ⇒ match to the outbound record). Ids are strings.
* `direct_message_mark_read_events` → DeliveryReceipt READ up to `last_read_event_id`.
* `tweet_create_events`: a reply to one of our posts → COMMENT (`post_id` = replied-to post), any
  other post mentioning us → MENTION (`post_id` = its own id); our own posts → Echo; retweets →
  Ignored. Text = `extended_tweet.full_text` when truncated.
* `tweet_delete_events` → Deletion.
* favorites, follows, blocks, mutes, typing, `user_event` → Ignored.
Timestamps: `created_timestamp` / `timestamp_ms` are **milliseconds as strings**.
Unknown event arrays: `Ignored` by default, `UnknownEvent` with `unknown="raise"`.
"""

from __future__ import annotations

from typing import Any

from integrations._payload import check_unknown, id_str, load_json, objects, opt, req, unknown_event
from integrations._time import from_millis
from integrations.errors import MalformedPayload
from integrations.events import (
    Attachment,
    AttachmentKind,
    ChannelKind,
    Deletion,
    DeliveryReceipt,
    Echo,
    Event,
    Ignored,
    InboundMessage,
    MessageKind,
    ReceiptStatus,
    Sender,
    ThreadHints,
)

CHANNEL = ChannelKind.X
IGNORED_EVENTS = (
    "favorite_events",
    "follow_events",
    "unfollow_events",
    "block_events",
    "unblock_events",
    "mute_events",
    "unmute_events",
    "direct_message_indicate_typing_events",
    "user_event",
)
_MEDIA_KINDS = {"photo": AttachmentKind.IMAGE, "video": AttachmentKind.VIDEO, "animated_gif": AttachmentKind.VIDEO}


def parse(raw: bytes, *, unknown: str = "ignore") -> list[Event]:
    check_unknown(unknown)
    data = load_json(raw)
    account = id_str(data, "for_user_id", "$")
    users = opt(data, "users", dict, "$", {})
    events: list[Event] = []
    kinds = [key for key in data if key not in ("for_user_id", "users", "apps", "user_has_blocked", "source")]
    if not kinds:
        raise MalformedPayload("no event array besides 'for_user_id'", "$")
    for kind in kinds:
        if kind == "direct_message_events":
            events.extend(_dm(item, where, account, users, unknown) for where, item in objects(data, kind, "$"))
        elif kind == "direct_message_mark_read_events":
            events.extend(_read(item, where, account) for where, item in objects(data, kind, "$"))
        elif kind == "tweet_create_events":
            events.extend(_tweet(item, where, account) for where, item in objects(data, kind, "$"))
        elif kind == "tweet_delete_events":
            events.extend(_delete(item, where, account) for where, item in objects(data, kind, "$"))
        elif kind in IGNORED_EVENTS:
            events.append(Ignored(channel_kind=CHANNEL, event_type=kind, where=f"$.{kind}", reason="outside the inbox's scope", account_external_id=account))
        else:
            error = unknown_event(unknown, kind, f"$.{kind}")
            events.append(Ignored(channel_kind=CHANNEL, event_type=kind, where=f"$.{kind}", reason=str(error), account_external_id=account))
    return events


def _profile(user_id: str, users: dict[str, Any]) -> Sender:
    user = users.get(user_id)
    if not isinstance(user, dict):
        return Sender(external_id=user_id)
    followers = user.get("followers_count")
    return Sender(
        external_id=user_id,
        display_name=str(user.get("name") or ""),
        username=str(user.get("screen_name") or ""),
        avatar_url=str(user.get("profile_image_url_https") or ""),
        follower_count=followers if type(followers) is int else None,
    )


def _dm(item: dict[str, Any], where: str, account: str, users: dict[str, Any], unknown: str) -> Event:
    kind = req(item, "type", str, where)
    if kind != "message_create":
        error = unknown_event(unknown, f"direct_message.{kind}", where)
        return Ignored(channel_kind=CHANNEL, event_type=f"direct_message.{kind}", where=where, reason=str(error), account_external_id=account)
    event_id = id_str(item, "id", where)
    at = from_millis(req(item, "created_timestamp", (str, int), where), f"{where}.created_timestamp")
    create = req(item, "message_create", dict, where)
    c_where = f"{where}.message_create"
    sender_id = id_str(create, "sender_id", c_where)
    recipient_id = id_str(req(create, "target", dict, c_where), "recipient_id", f"{c_where}.target")
    data = req(create, "message_data", dict, c_where)
    d_where = f"{c_where}.message_data"
    attachments: tuple[Attachment, ...] = ()
    attachment = opt(data, "attachment", dict, d_where)
    if attachment is not None:
        media = req(attachment, "media", dict, f"{d_where}.attachment")
        m_where = f"{d_where}.attachment.media"
        attachments = (Attachment(kind=_MEDIA_KINDS.get(opt(media, "type", str, m_where, ""), AttachmentKind.FILE), url=req(media, "media_url_https", str, m_where)),)
    text = opt(data, "text", str, d_where, "")
    if sender_id == account:  # sent by the subscribed account: by us, or from another tool
        return Echo(
            channel_kind=CHANNEL,
            external_id=event_id,
            sent_at=at,
            recipient_external_id=recipient_id,
            text=text,
            attachments=attachments,
            account_external_id=account,
            app_id=str(create.get("source_app_id") or ""),
        )
    return InboundMessage(
        channel_kind=CHANNEL,
        external_id=event_id,
        sender=_profile(sender_id, users),
        sent_at=at,
        text=text,
        attachments=attachments,
        account_external_id=account,
    )


def _read(item: dict[str, Any], where: str, account: str) -> DeliveryReceipt:
    return DeliveryReceipt(
        channel_kind=CHANNEL,
        status=ReceiptStatus.READ,
        at=from_millis(req(item, "created_timestamp", (str, int), where), f"{where}.created_timestamp"),
        external_message_id=id_str(item, "last_read_event_id", where),
        account_external_id=account,
        counterpart_external_id=id_str(item, "sender_id", where),
    )


def _tweet(tweet: dict[str, Any], where: str, account: str) -> Event:
    tweet_id = id_str(tweet, "id_str", where)
    user = req(tweet, "user", dict, where)
    u_where = f"{where}.user"
    author = id_str(user, "id_str", u_where)
    at = from_millis(req(tweet, "timestamp_ms", (str, int), where), f"{where}.timestamp_ms")
    text = opt(tweet, "text", str, where, "")
    if tweet.get("truncated") is True:
        text = req(req(tweet, "extended_tweet", dict, where), "full_text", str, f"{where}.extended_tweet")
    media = [m for _, m in objects(opt(tweet, "extended_entities", dict, where, {}), "media", f"{where}.extended_entities", required=False)]
    attachments = tuple(Attachment(kind=_MEDIA_KINDS.get(str(m.get("type")), AttachmentKind.FILE), url=str(m.get("media_url_https") or "")) for m in media)
    if tweet.get("retweeted_status") is not None:
        return Ignored(channel_kind=CHANNEL, event_type="retweet", where=where, reason="retweets are not conversations", account_external_id=account)
    in_reply_to = opt(tweet, "in_reply_to_status_id_str", str, where, "")
    if author == account:
        return Echo(
            channel_kind=CHANNEL,
            external_id=tweet_id,
            sent_at=at,
            recipient_external_id=opt(tweet, "in_reply_to_user_id_str", str, where, ""),
            text=text,
            attachments=attachments,
            account_external_id=account,
        )
    followers = user.get("followers_count")
    sender = Sender(
        external_id=author,
        display_name=opt(user, "name", str, u_where, ""),
        username=opt(user, "screen_name", str, u_where, ""),
        avatar_url=opt(user, "profile_image_url_https", str, u_where, ""),
        follower_count=followers if type(followers) is int else None,
    )
    replying_to_us = bool(in_reply_to) and opt(tweet, "in_reply_to_user_id_str", str, where, "") == account
    return InboundMessage(
        channel_kind=CHANNEL,
        external_id=tweet_id,
        sender=sender,
        sent_at=at,
        text=text,
        kind=MessageKind.COMMENT if replying_to_us else MessageKind.MENTION,
        attachments=attachments,
        thread=ThreadHints(post_id=in_reply_to if replying_to_us else tweet_id, reply_to_external_id=in_reply_to),
        account_external_id=account,
    )


def _delete(item: dict[str, Any], where: str, account: str) -> Deletion:
    status = req(item, "status", dict, where)
    return Deletion(
        channel_kind=CHANNEL,
        external_message_id=id_str(status, "id", f"{where}.status"),
        sender_external_id=id_str(status, "user_id", f"{where}.status"),
        at=from_millis(req(item, "timestamp_ms", (str, int), where), f"{where}.timestamp_ms"),
        account_external_id=account,
    )
