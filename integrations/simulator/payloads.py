"""Signed webhook requests exactly as the platforms send them: url path, headers, body bytes.

Each builder takes the channel account (`SimAccount`: our id for the URL, the platform id the
payload names, the secrets it is signed with) and the facts of one event, and returns a
`WebhookRequest` whose body is the exact bytes to POST and whose headers carry the platform's
signature over those bytes:

* Messenger, Instagram, WhatsApp: `X-Hub-Signature-256: sha256=<hex HMAC(app_secret, body)>`;
  bodies are compact JSON with non-ASCII as `\\uXXXX` and `/` as `\\/`, as Meta sends them;
  timestamps in ms (messaging) or s (IG comments, WhatsApp, as strings).
* Telegram: one Update per POST, `X-Telegram-Bot-Api-Secret-Token: <secret_token>`; seconds.
* X (Account Activity): `x-twitter-webhooks-signature: sha256=<base64 HMAC(consumer_secret)>`;
  ids and `created_timestamp`/`timestamp_ms` are strings (ms).
* Email: raw RFC 5322 bytes (CRLF) with `X-Dialogo-Webhook-Secret: <inbound_secret>`.

Pure Python (no Django): the payload shapes are the ones `integrations/<kind>/parse.py` accept
(tests/integrations/test_simulator.py runs every builder through its parser and verifier).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from typing import Any

from integrations.meta.verify import SIGNATURE_HEADER as META_SIGNATURE_HEADER
from integrations.meta.verify import sign as meta_sign
from integrations.telegram.verify import SECRET_HEADER as TELEGRAM_SECRET_HEADER
from integrations.x.verify import SIGNATURE_HEADER as X_SIGNATURE_HEADER
from integrations.x.verify import sign as x_sign

EMAIL_SECRET_HEADER = "X-Dialogo-Webhook-Secret"  # what channel_accounts.webhooks checks for raw-MIME email
KINDS = ("messenger", "instagram", "whatsapp", "telegram", "x", "email")
# Meta's app id of the Page inbox (Business Suite): an echo from it is a reply made outside Dialogo.
BUSINESS_SUITE_APP_ID = 263902037430900
# A tiny valid PNG (1×1): the simulator's email attachment.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b5d7b50000000049454e44ae426082"
)


@dataclass(frozen=True, slots=True)
class SimAccount:
    """A channel account as the simulator needs it (what `simulate_traffic` exports from the DB)."""

    kind: str
    id: int | str  # our ChannelAccount pk: the webhook URL
    external_id: str  # the page / IG account / phone_number_id / bot / X user / mailbox
    credentials: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SimAccount:
        kind = str(data["kind"])
        if kind not in KINDS:
            raise ValueError(f"the simulator has no webhooks for kind {kind!r} (kinds: {', '.join(KINDS)})")
        return cls(
            kind=kind, id=data["id"], external_id=str(data["external_id"]), credentials=dict(data.get("credentials") or {})
        )

    @property
    def path(self) -> str:
        return f"/webhooks/{self.kind}/{self.id}/"

    def secret(self, name: str) -> str:
        value = self.credentials.get(name)
        if not value:
            raise ValueError(f"{self.kind} account {self.id} has no {name!r} credential to sign with")
        return value


@dataclass(frozen=True, slots=True)
class WebhookRequest:
    """One POST to make. `event` names what it carries (`messenger.message`, `whatsapp.status`…);
    `message_id` is the platform id of the customer message it delivers, if any (what a case's
    message will be keyed by)."""

    kind: str
    account_id: int | str
    path: str
    headers: dict[str, str]
    body: bytes
    event: str
    message_id: str = ""

    @property
    def creates_message(self) -> bool:
        return bool(self.message_id)


# --- encoding and signing ------------------------------------------------------------------------


def json_bytes(payload: Any) -> bytes:
    """Compact JSON as the platforms put it on the wire: ASCII only, `\\uXXXX` escapes, `\\/`."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode("ascii")


def _meta(account: SimAccount, payload: dict[str, Any], event: str, message_id: str = "") -> WebhookRequest:
    body = json_bytes(payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "facebookexternalua",
        META_SIGNATURE_HEADER: meta_sign(body, account.secret("app_secret")),
    }
    return WebhookRequest(account.kind, account.id, account.path, headers, body, event, message_id)


def _telegram(account: SimAccount, update: dict[str, Any], event: str, message_id: str = "") -> WebhookRequest:
    body = json_bytes(update)
    headers = {"Content-Type": "application/json", TELEGRAM_SECRET_HEADER: account.secret("secret_token")}
    return WebhookRequest(account.kind, account.id, account.path, headers, body, event, message_id)


def _x(account: SimAccount, payload: dict[str, Any], event: str, message_id: str = "") -> WebhookRequest:
    body = json_bytes(payload)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        X_SIGNATURE_HEADER: x_sign(body, account.secret("consumer_secret")),
    }
    return WebhookRequest(account.kind, account.id, account.path, headers, body, event, message_id)


def ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def secs(at: datetime) -> int:
    return int(at.timestamp())


# --- Messenger (object "page", entry[].messaging[], ms timestamps) ---------------------------------


def _page_entry(account: SimAccount, at: datetime, item: dict[str, Any]) -> dict[str, Any]:
    return {"object": "page", "entry": [{"id": account.external_id, "time": ms(at), "messaging": [item]}]}


def messenger_message(
    account: SimAccount, *, psid: str, mid: str, text: str, at: datetime, image_url: str = ""
) -> WebhookRequest:
    message: dict[str, Any] = {"mid": mid}
    if text:
        message["text"] = text
    if image_url:
        message["attachments"] = [{"type": "image", "payload": {"url": image_url}}]
    item = {"sender": {"id": psid}, "recipient": {"id": account.external_id}, "timestamp": ms(at), "message": message}
    return _meta(account, _page_entry(account, at, item), "messenger.message", mid)


def messenger_echo(
    account: SimAccount, *, psid: str, mid: str, text: str, at: datetime, app_id: int = BUSINESS_SUITE_APP_ID, metadata: str = ""
) -> WebhookRequest:
    """The Page sent `text` to `psid` (from the Page inbox, or our own send seen again)."""
    message: dict[str, Any] = {"is_echo": True, "app_id": app_id}
    if metadata:
        message["metadata"] = metadata
    message.update({"mid": mid, "text": text})
    item = {"sender": {"id": account.external_id}, "recipient": {"id": psid}, "timestamp": ms(at), "message": message}
    return _meta(account, _page_entry(account, at, item), "messenger.echo")


def messenger_delivery(account: SimAccount, *, psid: str, mids: Sequence[str], watermark: datetime) -> WebhookRequest:
    """`psid` received our messages `mids` (everything up to `watermark`); no top-level timestamp, as documented."""
    delivery: dict[str, Any] = {"watermark": ms(watermark)}
    if mids:
        delivery = {"mids": list(mids), "watermark": ms(watermark)}
    item = {"sender": {"id": psid}, "recipient": {"id": account.external_id}, "delivery": delivery}
    return _meta(account, _page_entry(account, watermark, item), "messenger.delivery")


def messenger_read(account: SimAccount, *, psid: str, watermark: datetime, at: datetime) -> WebhookRequest:
    item = {
        "sender": {"id": psid},
        "recipient": {"id": account.external_id},
        "timestamp": ms(at),
        "read": {"watermark": ms(watermark)},
    }
    return _meta(account, _page_entry(account, at, item), "messenger.read")


def messenger_postback(account: SimAccount, *, psid: str, mid: str, title: str, payload: str, at: datetime) -> WebhookRequest:
    item = {
        "sender": {"id": psid},
        "recipient": {"id": account.external_id},
        "timestamp": ms(at),
        "postback": {"title": title, "payload": payload, "mid": mid},
    }
    return _meta(account, _page_entry(account, at, item), "messenger.postback", mid)


# --- Instagram (object "instagram": DMs in messaging[], comments in changes[]) ---------------------


def _ig_entry(account: SimAccount, at: datetime, item: dict[str, Any]) -> dict[str, Any]:
    return {"object": "instagram", "entry": [{"time": ms(at), "id": account.external_id, "messaging": [item]}]}


def instagram_message(account: SimAccount, *, igsid: str, mid: str, text: str, at: datetime) -> WebhookRequest:
    item = {
        "sender": {"id": igsid},
        "recipient": {"id": account.external_id},
        "timestamp": ms(at),
        "message": {"mid": mid, "text": text},
    }
    return _meta(account, _ig_entry(account, at, item), "instagram.message", mid)


def instagram_story_mention(account: SimAccount, *, igsid: str, mid: str, cdn_url: str, at: datetime) -> WebhookRequest:
    """The customer mentioned the brand in their story: a DM with a `story_mention` attachment and no text."""
    message = {"mid": mid, "attachments": [{"type": "story_mention", "payload": {"url": cdn_url}}]}
    item = {"sender": {"id": igsid}, "recipient": {"id": account.external_id}, "timestamp": ms(at), "message": message}
    return _meta(account, _ig_entry(account, at, item), "instagram.story_mention", mid)


def instagram_comment(
    account: SimAccount,
    *,
    user_id: str,
    username: str,
    comment_id: str,
    media_id: str,
    text: str,
    at: datetime,
    parent_id: str = "",
) -> WebhookRequest:
    """A comment on one of the brand's posts (`changes[]` field `comments`; `entry.time` in seconds)."""
    value: dict[str, Any] = {
        "from": {"id": user_id, "username": username},
        "media": {"id": media_id, "media_product_type": "FEED"},
        "id": comment_id,
    }
    if parent_id:
        value["parent_id"] = parent_id
    value["text"] = text
    payload = {
        "object": "instagram",
        "entry": [{"id": account.external_id, "time": secs(at), "changes": [{"field": "comments", "value": value}]}],
    }
    return _meta(account, payload, "instagram.comment", comment_id)


# --- WhatsApp Cloud API (entry[].changes[].value.messages[] / statuses[], seconds as strings) -------


def _wa_value(account: SimAccount, **parts: Any) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": account.credentials.get("waba_id") or "102290129340398",
                "changes": [
                    {
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": account.credentials.get("display_phone_number") or "34600000000",
                                "phone_number_id": account.external_id,
                            },
                            **parts,
                        },
                        "field": "messages",
                    }
                ],
            }
        ],
    }


def whatsapp_text(account: SimAccount, *, wa_id: str, name: str, wamid: str, text: str, at: datetime) -> WebhookRequest:
    message = {"from": wa_id, "id": wamid, "timestamp": str(secs(at)), "text": {"body": text}, "type": "text"}
    payload = _wa_value(account, contacts=[{"profile": {"name": name}, "wa_id": wa_id}], messages=[message])
    return _meta(account, payload, "whatsapp.text", wamid)


def whatsapp_image(
    account: SimAccount, *, wa_id: str, name: str, wamid: str, media_id: str, caption: str, at: datetime
) -> WebhookRequest:
    image: dict[str, Any] = {}
    if caption:
        image["caption"] = caption
    digest = hashlib.sha256(media_id.encode()).digest()
    image.update({"mime_type": "image/jpeg", "sha256": _b64(digest), "id": media_id})
    message = {"from": wa_id, "id": wamid, "timestamp": str(secs(at)), "type": "image", "image": image}
    payload = _wa_value(account, contacts=[{"profile": {"name": name}, "wa_id": wa_id}], messages=[message])
    return _meta(account, payload, "whatsapp.image", wamid)


def whatsapp_status(account: SimAccount, *, wa_id: str, wamid: str, status: str, at: datetime) -> WebhookRequest:
    """Our message `wamid` to `wa_id` is now `status` (sent | delivered | read)."""
    item: dict[str, Any] = {"id": wamid, "status": status, "timestamp": str(secs(at)), "recipient_id": wa_id}
    if status in ("sent", "delivered"):
        item["conversation"] = {"id": hashlib.md5(wa_id.encode()).hexdigest(), "origin": {"type": "service"}}  # noqa: S324 - an id, not security
        if status == "sent":
            item["conversation"]["expiration_timestamp"] = str(secs(at) + 86400)
        item["pricing"] = {"billable": False, "pricing_model": "PMP", "category": "service"}
    return _meta(account, _wa_value(account, statuses=[item]), f"whatsapp.status.{status}")


def whatsapp_echo(account: SimAccount, *, wa_id: str, wamid: str, text: str, at: datetime) -> WebhookRequest:
    """A reply typed in the WhatsApp Business app of a coexistence number (`smb_message_echoes`)."""
    payload = _wa_value(
        account,
        message_echoes=[
            {
                "from": account.external_id,
                "to": wa_id,
                "id": wamid,
                "timestamp": str(secs(at)),
                "type": "text",
                "text": {"body": text},
            }
        ],
    )
    payload["entry"][0]["changes"][0]["field"] = "smb_message_echoes"
    return _meta(account, payload, "whatsapp.echo")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- Telegram (one Update per POST, seconds) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TelegramUser:
    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    language_code: str = ""

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                user[key] = getattr(self, key)
        return user

    def as_chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "first_name": self.first_name}
        for key in ("last_name", "username"):
            if getattr(self, key):
                chat[key] = getattr(self, key)
        chat["type"] = "private"
        return chat


def telegram_message_key(user: TelegramUser, message_id: int) -> str:
    return f"{user.id}:{message_id}"  # what integrations.telegram.parse keys messages by


def telegram_message(
    account: SimAccount, *, update_id: int, user: TelegramUser, message_id: int, text: str, at: datetime
) -> WebhookRequest:
    message = {"message_id": message_id, "from": user.as_user(), "chat": user.as_chat(), "date": secs(at), "text": text}
    return _telegram(
        account, {"update_id": update_id, "message": message}, "telegram.message", telegram_message_key(user, message_id)
    )


def telegram_edited_message(
    account: SimAccount, *, update_id: int, user: TelegramUser, message_id: int, text: str, sent: datetime, edited: datetime
) -> WebhookRequest:
    message = {
        "message_id": message_id,
        "from": user.as_user(),
        "chat": user.as_chat(),
        "date": secs(sent),
        "edit_date": secs(edited),
        "text": text,
    }
    return _telegram(account, {"update_id": update_id, "edited_message": message}, "telegram.edited_message")


def telegram_callback(
    account: SimAccount,
    *,
    update_id: int,
    user: TelegramUser,
    callback_id: str,
    data: str,
    bot_message_id: int,
    bot_text: str,
    buttons: Sequence[tuple[str, str]],
    bot_message_at: datetime,
) -> WebhookRequest:
    """The customer pressed an inline button (`data`) under the bot's message `bot_message_id`."""
    bot = {
        "id": int(account.external_id) if account.external_id.isdigit() else 7012345678,
        "is_bot": True,
        "first_name": "Support",
    }
    query = {
        "id": callback_id,
        "from": user.as_user(),
        "message": {
            "message_id": bot_message_id,
            "from": bot,
            "chat": user.as_chat(),
            "date": secs(bot_message_at),
            "text": bot_text,
            "reply_markup": {"inline_keyboard": [[{"text": label, "callback_data": value} for label, value in buttons]]},
        },
        "chat_instance": str(-(abs(hash((user.id, account.external_id))) % 10**19)),
        "data": data,
    }
    return _telegram(account, {"update_id": update_id, "callback_query": query}, "telegram.callback", f"callback:{callback_id}")


# --- X Account Activity (for_user_id + one event array; ids and ms timestamps as strings) ----------


@dataclass(frozen=True, slots=True)
class XUser:
    id: str
    name: str
    screen_name: str
    followers_count: int = 0
    location: str = ""

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {
            "id": self.id,
            "created_timestamp": "1526378920000",
            "name": self.name,
            "screen_name": self.screen_name,
        }
        if self.location:
            user["location"] = self.location
        user.update(
            {
                "protected": False,
                "verified": False,
                "followers_count": self.followers_count,
                "friends_count": 180,
                "statuses_count": 2450,
                "profile_image_url_https": f"https://pbs.twimg.com/profile_images/{self.id}/avatar_normal.jpg",
            }
        )
        return user

    def as_tweet_user(self) -> dict[str, Any]:
        return {
            "id": int(self.id),
            "id_str": self.id,
            "name": self.name,
            "screen_name": self.screen_name,
            "followers_count": self.followers_count,
            "verified": False,
            "profile_image_url_https": f"https://pbs.twimg.com/profile_images/{self.id}/avatar_normal.jpg",
        }


def _dm_event(
    event_id: str, at: datetime, sender_id: str, recipient_id: str, text: str, source_app_id: str = ""
) -> dict[str, Any]:
    create: dict[str, Any] = {"target": {"recipient_id": recipient_id}, "sender_id": sender_id}
    if source_app_id:
        create["source_app_id"] = source_app_id
    create["message_data"] = {"text": text, "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": []}}
    return {"type": "message_create", "id": event_id, "created_timestamp": str(ms(at)), "message_create": create}


def x_dm(account: SimAccount, *, user: XUser, event_id: str, text: str, at: datetime) -> WebhookRequest:
    event = _dm_event(event_id, at, user.id, account.external_id, text)
    brand = {
        "id": account.external_id,
        "created_timestamp": "1634567890000",
        "name": "Brand",
        "screen_name": "brand",
        "protected": False,
        "verified": True,
    }
    payload = {
        "for_user_id": account.external_id,
        "direct_message_events": [event],
        "users": {user.id: user.as_user(), account.external_id: brand},
    }
    return _x(account, payload, "x.dm", event_id)


def x_dm_echo(
    account: SimAccount, *, user: XUser, event_id: str, text: str, at: datetime, source_app_id: str = "268278"
) -> WebhookRequest:
    """The brand's account sent `text` to `user` (from X's own app: `source_app_id` 268278 is X Web)."""
    event = _dm_event(event_id, at, account.external_id, user.id, text, source_app_id)
    payload = {"for_user_id": account.external_id, "direct_message_events": [event], "users": {user.id: user.as_user()}}
    return _x(account, payload, "x.dm_echo")


def x_mention(
    account: SimAccount, *, user: XUser, tweet_id: str, text: str, at: datetime, brand_screen_name: str, in_reply_to: str = ""
) -> WebhookRequest:
    """A post mentioning the brand (`tweet_create_events`); with `in_reply_to` = one of the brand's
    posts it is a reply to it (a comment)."""
    full = f"@{brand_screen_name} {text}"
    tweet: dict[str, Any] = {
        "created_at": at.astimezone(UTC).strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "id": int(tweet_id),
        "id_str": tweet_id,
    }
    if len(full) > 140:
        tweet.update(
            {
                "text": full[:139] + "\u2026",
                "truncated": True,
                "extended_tweet": {"full_text": full, "display_text_range": [len(brand_screen_name) + 2, len(full)]},
            }
        )
    else:
        tweet.update({"text": full, "truncated": False})
    tweet.update(
        {
            "in_reply_to_status_id": int(in_reply_to) if in_reply_to else None,
            "in_reply_to_status_id_str": in_reply_to or None,
            "in_reply_to_user_id": int(account.external_id) if in_reply_to and account.external_id.isdigit() else None,
            "in_reply_to_user_id_str": account.external_id if in_reply_to else None,
            "user": user.as_tweet_user(),
            "entities": {
                "user_mentions": [
                    {"screen_name": brand_screen_name, "id_str": account.external_id, "indices": [0, len(brand_screen_name) + 1]}
                ]
            },
            "timestamp_ms": str(ms(at)),
        }
    )
    payload = {"for_user_id": account.external_id, "user_has_blocked": "false", "tweet_create_events": [tweet]}
    return _x(account, payload, "x.reply" if in_reply_to else "x.mention", tweet_id)


def x_read(account: SimAccount, *, user: XUser, last_read_event_id: str, at: datetime) -> WebhookRequest:
    """`user` read the conversation up to our DM `last_read_event_id`."""
    event = {
        "created_timestamp": str(ms(at)),
        "sender_id": user.id,
        "target": {"recipient_id": account.external_id},
        "last_read_event_id": last_read_event_id,
    }
    return _x(account, {"for_user_id": account.external_id, "direct_message_mark_read_events": [event], "users": {}}, "x.read")


# --- Email (raw RFC 5322, our raw-MIME webhook) --------------------------------------------------


def email_message(
    account: SimAccount,
    *,
    from_name: str,
    from_address: str,
    subject: str,
    text: str,
    message_id: str,
    at: datetime,
    in_reply_to: str = "",
    references: Sequence[str] = (),
    attachment: tuple[str, str, bytes] | None = None,
    with_html: bool = False,
) -> WebhookRequest:
    """A customer's email to the mailbox: plain text, or `multipart/alternative` with `with_html`, or
    `multipart/mixed` with `attachment` = (filename, mime type, bytes); a reply when `in_reply_to`
    (and `references`, oldest first) name earlier Message-IDs. `message_id` without `<>`."""
    mailbox = account.external_id
    domain = from_address.rpartition("@")[2] or "example.com"
    msg = EmailMessage(policy=SMTP)
    msg["Return-Path"] = f"<{from_address}>"
    msg["Delivered-To"] = mailbox
    msg["Received"] = (
        f"from mail.{domain} (mail.{domain} [203.0.113.{int(hashlib.sha1(domain.encode()).hexdigest(), 16) % 250 + 1}]) "  # noqa: S324
        f"by mx.{mailbox.rpartition('@')[2] or 'localhost'} (Postfix) with ESMTPS; {format_datetime(at)}"
    )
    msg["MIME-Version"] = "1.0"
    msg["From"] = formataddr((from_name, from_address))
    msg["To"] = mailbox
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        chain = [ref for ref in references if ref and ref != in_reply_to] + [in_reply_to]
        msg["References"] = " ".join(f"<{ref}>" for ref in chain)
    msg.set_content(text, charset="utf-8")
    if with_html:
        paragraphs = "".join(f"<p>{_html_escape(line)}</p>" for line in text.split("\n\n"))
        msg.add_alternative(f"<html><body>{paragraphs}</body></html>", subtype="html", charset="utf-8")
    if attachment is not None:
        filename, mime, data = attachment
        maintype, _, subtype = mime.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    if msg.is_multipart():
        _stable_boundaries(msg, message_id)
    body = msg.as_bytes()
    headers = {"Content-Type": "message/rfc822", EMAIL_SECRET_HEADER: account.secret("inbound_secret")}
    event = "email.reply" if in_reply_to else "email.attachment" if attachment else "email.message"
    return WebhookRequest(account.kind, account.id, account.path, headers, body, event, message_id)


def _html_escape(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _stable_boundaries(message: EmailMessage, seed: str) -> None:
    """Boundaries derived from the Message-ID: the same message gives the same bytes (redeliveries)."""
    for index, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_dlg{index}_{hashlib.sha256(f'{seed}:{index}'.encode()).hexdigest()[:24]}")
