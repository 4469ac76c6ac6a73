"""A local Telegram Bot API: `POST /bot<token>/<method>` with the real answers and errors.

Methods: sendMessage, sendPhoto, sendDocument, sendVideo, sendAudio, sendSticker, sendLocation,
getChat, getMe. Parameters may come as JSON, form fields or the query string (as on the real API).
Answers are `{"ok": true, "result": …}`; refusals `{"ok": false, "error_code", "description"}`.
Message ids increase per chat, as Telegram's do in private chats.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from integrations.events import ChannelKind
from integrations.fakes.server import Failure, FakePlatform, FakeResponse, RecordedRequest, SentMessage, as_dict

_FILE_METHODS = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVideo": "video",
    "sendAudio": "audio",
    "sendSticker": "sticker",
}


@dataclass(frozen=True, slots=True)
class _Bot:
    bot_id: int
    token: str
    username: str
    first_name: str


@dataclass
class _Chat:
    chat_id: int
    profile: dict[str, Any]
    photo_file_id: str = ""
    last_message_id: int = 0
    issued: set[int] = field(default_factory=set)


def telegram_error(status: int, description: str, **parameters: Any) -> FakeResponse:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return FakeResponse(status, body)


class _Refusal(Exception):
    def __init__(self, response: FakeResponse) -> None:
        self.response = response


def _bad(description: str) -> _Refusal:
    return _Refusal(telegram_error(400, f"Bad Request: {description}"))


class FakeTelegram(FakePlatform):
    """Bots (`add_bot`) talking to chats (`add_chat`); unknown chats answer "chat not found"
    unless `accept_unknown_chats`. A demo that also invents inbound messages should take their
    ids from `allocate_message_id`, so inbound and outbound never share a `chat:message_id` key."""

    kind = ChannelKind.TELEGRAM
    presets = ("blocked", "rate_limited", "server_error", "token_invalid", "chat_not_found", "slow")

    def __init__(self, *, accept_unknown_chats: bool = False, on_sent: Callable[[SentMessage], None] | None = None) -> None:
        super().__init__(on_sent=on_sent)
        self.accept_unknown_chats = accept_unknown_chats
        self._bots: dict[str, _Bot] = {}
        self.webhooks: dict[str, dict[str, str]] = {}  # bot token → what setWebhook registered
        self._chats: dict[int, _Chat] = {}
        self._ids_lock = threading.Lock()

    def add_bot(self, token: str, *, username: str = "dialogo_demo_bot", first_name: str = "Dialogo") -> int:
        """Register a bot token (`<bot_id>:<secret>`); returns the bot id."""
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1000 + len(self._bots)
        with self._lock:
            self._bots[token] = _Bot(bot_id, token, username, first_name)
        return bot_id

    def add_chat(
        self,
        chat_id: int | str,
        *,
        first_name: str = "",
        last_name: str = "",
        username: str = "",
        title: str = "",
        chat_type: str = "private",
        photo_file_id: str = "",
    ) -> None:
        profile = {"first_name": first_name, "last_name": last_name, "username": username, "title": title, "type": chat_type}
        with self._lock:
            self._chats[int(chat_id)] = _Chat(int(chat_id), {k: v for k, v in profile.items() if v}, photo_file_id)

    def allocate_message_id(self, chat_id: int | str) -> int:
        """The next message id of a chat (for simulated inbound messages)."""
        return self._next_id(self._chat(int(chat_id), create=True))

    def render_failure(self, failure: Failure, product: str) -> FakeResponse:
        if failure.error == "blocked":
            return telegram_error(403, "Forbidden: bot was blocked by the user")
        if failure.error == "rate_limited":
            seconds = int(failure.retry_after if failure.retry_after is not None else 5)
            response = telegram_error(429, f"Too Many Requests: retry after {seconds}", retry_after=seconds)
            return FakeResponse(429, response.body, {"Retry-After": str(seconds)})
        if failure.error == "token_invalid":
            return telegram_error(401, "Unauthorized")
        if failure.error == "chat_not_found":
            return telegram_error(400, "Bad Request: chat not found")
        return telegram_error(500, "Internal Server Error")

    def handle(self, request: RecordedRequest) -> FakeResponse:
        parts = [p for p in request.path.split("/") if p]
        if len(parts) != 2 or not parts[0].startswith("bot"):
            return telegram_error(404, "Not Found")
        with self._lock:
            bot = self._bots.get(parts[0].removeprefix("bot"))
        if bot is None:
            return telegram_error(401, "Unauthorized")
        params = {**request.query, **as_dict(request.body)}
        try:
            return self._method(bot, parts[1], params)
        except _Refusal as refusal:
            return refusal.response

    def _method(self, bot: _Bot, method: str, params: dict[str, Any]) -> FakeResponse:
        if method == "setWebhook":
            url = str(params.get("url") or "")
            if not url.startswith("https://") and not url.startswith("http://127.0.0.1"):
                raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
            with self._lock:
                self.webhooks[bot.token] = {"url": url, "secret_token": str(params.get("secret_token") or "")}
            return _ok(True)
        if method == "getWebhookInfo":
            with self._lock:
                registered = self.webhooks.get(bot.token, {})
            return _ok({"url": registered.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0})
        if method == "getMe":
            return _ok({"id": bot.bot_id, "is_bot": True, "first_name": bot.first_name, "username": bot.username})
        if method == "getChat":
            chat = self._target(params)
            result: dict[str, Any] = {"id": chat.chat_id, "type": "private", **chat.profile}
            if chat.photo_file_id:
                result["photo"] = {
                    "small_file_id": chat.photo_file_id + "_s",
                    "small_file_unique_id": "AQAD" + chat.photo_file_id[-8:],
                    "big_file_id": chat.photo_file_id,
                    "big_file_unique_id": "AQAE" + chat.photo_file_id[-8:],
                }
            return _ok(result)
        if method == "sendMessage":
            text = params.get("text")
            if not isinstance(text, str) or not text.strip():
                raise _bad("message text is empty")
            if len(text) > 4096:
                raise _bad("message is too long")
            return self._send(bot, params, {"text": text}, text)
        if method in _FILE_METHODS:
            name = _FILE_METHODS[method]
            source = params.get(name)
            if not isinstance(source, str) or not source:
                raise _bad(f"there is no {name} in the request")
            caption = str(params.get("caption") or "")
            return self._send(bot, params, _file_result(name, source, caption), caption or source)
        if method == "sendLocation":
            try:
                latitude, longitude = float(params["latitude"]), float(params["longitude"])
            except (KeyError, TypeError, ValueError):
                raise _bad("latitude and longitude are required")
            return self._send(
                bot, params, {"location": {"latitude": latitude, "longitude": longitude}}, f"geo:{latitude},{longitude}"
            )
        return telegram_error(404, "Not Found")

    def _send(self, bot: _Bot, params: dict[str, Any], content: dict[str, Any], shown: str) -> FakeResponse:
        chat = self._target(params)
        reply = as_dict(params.get("reply_parameters"))
        if not reply and params.get("reply_to_message_id") is not None:  # the pre-7.0 parameter
            reply = {"message_id": params["reply_to_message_id"]}
        replied_to: int | None = None
        if reply:
            replied_to = int(reply.get("message_id") or 0)
            if replied_to not in chat.issued:
                if not reply.get("allow_sending_without_reply"):
                    raise _bad("message to be replied not found")
                replied_to = None
        failure = self.take_failure("telegram")
        if failure is not None:
            return failure
        message_id = self._next_id(chat)
        result: dict[str, Any] = {
            "message_id": message_id,
            "from": {"id": bot.bot_id, "is_bot": True, "first_name": bot.first_name, "username": bot.username},
            "chat": {"id": chat.chat_id, "type": "private", **{k: v for k, v in chat.profile.items() if k != "type"}},
            "date": int(time.time()),
            **content,
        }
        if replied_to is not None:
            result["reply_to_message"] = {"message_id": replied_to, "chat": {"id": chat.chat_id, "type": "private"}}
        self.sent(SentMessage(ChannelKind.TELEGRAM, str(bot.bot_id), str(chat.chat_id), f"{chat.chat_id}:{message_id}", shown))
        return _ok(result)

    def _target(self, params: dict[str, Any]) -> _Chat:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        try:
            chat_id = int(raw)
        except (TypeError, ValueError):
            raise _bad("chat not found")
        chat = self._chat(chat_id, create=self.accept_unknown_chats)
        if chat is None:
            raise _bad("chat not found")
        return chat

    def _chat(self, chat_id: int, *, create: bool) -> _Chat | None:
        with self._lock:
            chat = self._chats.get(chat_id)
            if chat is None and create:
                chat = self._chats[chat_id] = _Chat(chat_id, {"type": "private"})
            return chat

    def _next_id(self, chat: _Chat | None) -> int:
        assert chat is not None
        with self._ids_lock:
            chat.last_message_id += 1
            chat.issued.add(chat.last_message_id)
            return chat.last_message_id


def _ok(result: Any) -> FakeResponse:
    return FakeResponse(200, {"ok": True, "result": result})


def _file_result(name: str, source: str, caption: str) -> dict[str, Any]:
    file_id = source if not source.startswith("http") else "BQACAgQAAxkDAAI" + secrets.token_urlsafe(24)
    unique = "AgAD" + secrets.token_urlsafe(8)
    if name == "photo":  # Telegram answers every size it made, smallest first
        content: dict[str, Any] = {
            "photo": [
                {"file_id": file_id + "-s", "file_unique_id": unique + "s", "width": 90, "height": 90, "file_size": 1_200},
                {"file_id": file_id, "file_unique_id": unique, "width": 800, "height": 800, "file_size": 64_000},
            ]
        }
    else:
        content = {name: {"file_id": file_id, "file_unique_id": unique, "file_size": 128_000}}
        if name == "document" and source.startswith("http"):
            content[name]["file_name"] = source.rsplit("/", 1)[-1].split("?")[0] or "file"
    if caption:
        content["caption"] = caption
    return content
