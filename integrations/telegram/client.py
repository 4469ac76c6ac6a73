"""Telegram Bot API outbound: messages and files sent by a bot, and chat profiles."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from integrations.errors import CredentialsRejected, IntegrationError, PlatformError, RateLimited, RecipientBlocked
from integrations.events import AttachmentKind, ChannelKind, Sender
from integrations.outbound import HttpPlatformClient, OutboundAttachment, OutboundMessage, SendResult
from integrations.telegram.parse import FILE_URL_PREFIX

DEFAULT_BASE_URL = "https://api.telegram.org"

# The updates the inbox acts on (setWebhook's allowed_updates).
ALLOWED_UPDATES = (
    "message",
    "edited_message",
    "callback_query",
    "message_reaction",
    "business_message",
    "deleted_business_messages",
)

# Bot API method and its file parameter, per attachment kind (files go by URL or by file_id).
_FILE_METHODS = {
    AttachmentKind.IMAGE: ("sendPhoto", "photo"),
    AttachmentKind.VIDEO: ("sendVideo", "video"),
    AttachmentKind.AUDIO: ("sendAudio", "audio"),
    AttachmentKind.FILE: ("sendDocument", "document"),
    AttachmentKind.STICKER: ("sendSticker", "sticker"),
}


class TelegramClient(HttpPlatformClient):
    """Sends as one bot through `POST {base}/bot{token}/<method>`.

    Guarantees:
    * The text goes with `sendMessage`, then each attachment with its own method (`sendPhoto`,
      `sendDocument`, `sendVideo`, `sendAudio`, `sendSticker`, `sendLocation` for `geo:` URLs);
      a `telegram-file:<file_id>` URL is re-sent by file id, anything else by URL.
    * `send` returns `"<chat_id>:<message_id>"` of the first part — the same key the webhook parser
      gives inbound messages, since Telegram message ids are unique only inside a chat. If a later
      part fails, the typed error carries `sent_external_ids`.
    * `reply_to_external_id` (a `"<chat_id>:<message_id>"` key) becomes `reply_parameters`, with
      `allow_sending_without_reply` so a reply to a deleted message still goes out.
    * Errors: 401 / 404 (bad token) → CredentialsRejected; 403 (blocked, deactivated, never
      started the bot) → RecipientBlocked; 429 → RateLimited(`parameters.retry_after`); 5xx and
      network failures → retryable PlatformError. There is no messaging window.
    * `mark_read` does nothing (bots cannot mark messages read). `profile` reads `getChat`:
      name, username and the chat photo as a `telegram-file:` URL; no follower count exists.
    The bot token is part of every URL: error messages never include the URL.
    """

    kind = ChannelKind.TELEGRAM

    token_credential = "bot_token"
    default_base_url = DEFAULT_BASE_URL

    @property
    def bot_id(self) -> str:
        """The bot we send as (the channel account's external id)."""
        return self.account_external_id

    def send(self, message: OutboundMessage) -> SendResult:
        chat_id = _chat_id(message.recipient_external_id)
        calls: list[tuple[str, dict[str, Any]]] = []
        if message.text:
            calls.append(("sendMessage", {"chat_id": chat_id, "text": message.text}))
        calls += [_file_call(chat_id, attachment) for attachment in message.attachments]
        if not calls:
            raise ValueError("nothing to send: the message has no text and no attachment")
        reply_to = _message_id(message.reply_to_external_id)
        if reply_to is not None:
            calls[0][1]["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
        results: list[SendResult] = []
        for method, params in calls:
            try:
                results.append(self._sent(self.call(method, params), chat_id))
            except IntegrationError as exc:
                if results:
                    exc.sent_external_ids = tuple(r.external_id for r in results)  # type: ignore[attr-defined]
                raise
        return results[0]

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """Bots have no read receipts: nothing to do."""

    def profile(self, external_user_id: str) -> Sender | None:
        try:
            chat = self.call("getChat", {"chat_id": _chat_id(external_user_id)})
        except PlatformError as exc:
            if exc.code == "400":  # "chat not found": the user never talked to this bot
                return None
            raise
        if not isinstance(chat, dict):
            return None
        name = " ".join(str(chat[key]) for key in ("first_name", "last_name") if chat.get(key)) or str(chat.get("title") or "")
        photo = chat.get("photo") if isinstance(chat.get("photo"), dict) else {}
        file_id = photo.get("big_file_id") or photo.get("small_file_id")
        return Sender(
            external_id=external_user_id,
            display_name=name,
            username=str(chat.get("username") or ""),
            avatar_url=f"{FILE_URL_PREFIX}{file_id}" if file_id else "",
        )

    def set_webhook(self, *, url: str, secret_token: str) -> None:
        """Point the bot's updates at `url`; Telegram then sends `secret_token` in
        X-Telegram-Bot-Api-Secret-Token with every update (what our webhook checks)."""
        self.call("setWebhook", {"url": url, "secret_token": secret_token, "allowed_updates": list(ALLOWED_UPDATES)})

    def call(self, method: str, params: Mapping[str, Any]) -> Any:
        """One Bot API method; returns its `result` or raises the typed error."""
        try:
            response = self._http.post(f"{self._base_url}/bot{self._token}/{method}", json=dict(params), timeout=self._timeout)
        except httpx.HTTPError as exc:
            code = "timeout" if isinstance(exc, httpx.TimeoutException) else "network"
            raise PlatformError(f"no answer from Telegram ({type(exc).__name__})", code=code, retryable=True)
        try:
            answer = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            answer = None
        if isinstance(answer, dict) and answer.get("ok") is True and "result" in answer:
            return answer["result"]
        raise _error(response, answer if isinstance(answer, dict) else {})

    @staticmethod
    def _sent(result: Any, chat_id: int | str) -> SendResult:
        if not isinstance(result, dict) or not isinstance(result.get("message_id"), int):
            raise PlatformError("Telegram answered without result.message_id", code="bad_response")
        chat = result.get("chat") if isinstance(result.get("chat"), dict) else {}
        date = result.get("date")
        return SendResult(
            external_id=f"{chat.get('id', chat_id)}:{result['message_id']}",
            sent_at=datetime.fromtimestamp(date, tz=UTC) if isinstance(date, int) and date > 0 else None,
        )


def _error(response: httpx.Response, answer: Mapping[str, Any]) -> IntegrationError:
    status = answer.get("error_code") if isinstance(answer.get("error_code"), int) else response.status_code
    description = str(answer.get("description") or f"HTTP {response.status_code}")
    if status == 401 or (status == 404 and description == "Not Found"):
        return CredentialsRejected(description)
    if status == 403:
        return RecipientBlocked(description)
    if status == 429:
        parameters = answer.get("parameters") if isinstance(answer.get("parameters"), dict) else {}
        retry_after = parameters.get("retry_after")
        if not isinstance(retry_after, int | float):
            header = response.headers.get("retry-after", "")
            retry_after = float(header) if header.isdigit() else None
        return RateLimited(description, retry_after=retry_after)
    return PlatformError(description, code=str(status), retryable=status >= 500)


def _chat_id(recipient: str) -> int | str:
    """Numeric chat ids go as integers; `@channelusername` stays a string."""
    return int(recipient) if recipient.lstrip("-").isdigit() else recipient


def _message_id(external_id: str) -> int | None:
    """The message id inside a `"<chat_id>:<message_id>"` key (a bare id is accepted too)."""
    tail = external_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _file_call(chat_id: int | str, attachment: OutboundAttachment) -> tuple[str, dict[str, Any]]:
    if attachment.kind is AttachmentKind.LOCATION or attachment.url.startswith("geo:"):
        latitude, _, longitude = attachment.url.removeprefix("geo:").partition(",")
        try:
            return "sendLocation", {"chat_id": chat_id, "latitude": float(latitude), "longitude": float(longitude.split(";")[0])}
        except ValueError:
            return "sendMessage", {"chat_id": chat_id, "text": attachment.url}
    method, field = _FILE_METHODS[attachment.kind]
    source = attachment.url.removeprefix(FILE_URL_PREFIX)  # a Telegram file is re-sent by its file_id
    return method, {"chat_id": chat_id, field: source}
