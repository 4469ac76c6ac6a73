"""The widget's websocket: /ws/widget/?token=<session_token>[&after=<last message id>].

The handshake is refused (HTTP 403) when the page's Origin is not one the widget allows. A
token that opens no session is accepted only to be told `error{code: "invalid_session"}`
and closed with 4401, so the widget starts a new session instead of retrying forever.

On connect the server sends `hello{visitor_id, widget, verified}` then `history{messages,
has_more}`: the newest messages, or those after `after` (the widget's last id) — a
reconnecting widget fills its gap from it and dedupes by message id.

Client → server frames (JSON):
- `message.create{client_message_id, text, sent_at?, attachments?: [{upload_id}]}` →
  `message.ack{client_message_id, message_id, seq, created_at}` — the same ack for a resend of
  the same client_message_id (which attaches nothing twice); files are uploaded first over
  REST (POST /api/widget/v1/uploads);
- `batch{frames: [...]}`: the offline queue on reconnect, handled in order (≤ 100 frames);
- `receipt.read{up_to_message_id}`: the replies up to that id were displayed;
- `typing{state: "on" | "off"}` (or `is_typing`): shown to the agents on the case;
- `ping` → `pong`.
Server → client: `message.ack`, `message.created{message}` (agent replies, and the
visitor's own messages to their other tabs), `message.updated{message}`, `receipt.read`,
`typing{is_typing, name}` (an agent writing a reply; name may be empty), `error{code,
detail, ref}` (ref: the client_message_id it concerns).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from core.errors import ApplicationError
from webchat import selectors, services

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 64 * 1024
MAX_BATCH = 100
TYPING_INTERVAL_SECONDS = 2.0
CLOSE_INVALID_SESSION = 4401


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


@database_sync_to_async
def _open(token: str, origin: str | None):
    """(session, refusal): refusal is 'origin' or 'session' when the socket may not open."""
    session = selectors.widget_session_from_token(token=token)
    if session is None:
        return None, "session"
    try:
        services.widget_origin_check(channel_account=session.channel_account, origin=origin)
    except ApplicationError:
        return None, "origin"
    services.widget_session_touch(session=session)
    return session, None


@database_sync_to_async
def _history(session, after: int | None) -> dict[str, Any]:
    messages, has_more = selectors.visitor_messages(session=session, after=after)
    return {"type": "history", "messages": [selectors.message_frame_payload(m) for m in messages], "has_more": has_more}


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


def _upload_ids(attachments: Any) -> list[int]:
    """`attachments: [{upload_id}]` of a message.create frame (absent: none)."""
    if attachments is None:
        return []
    ids = (
        [item.get("upload_id") if isinstance(item, dict) else None for item in attachments]
        if isinstance(attachments, list)
        else [None]
    )
    if not all(isinstance(pk, int) and not isinstance(pk, bool) and pk > 0 for pk in ids):
        raise ApplicationError(
            "attachments must be a list of {upload_id} from POST /api/widget/v1/uploads.",
            extra={"fields": {"attachments": ["Invalid."]}},
        )
    return ids


class WidgetConsumer(AsyncJsonWebsocketConsumer):
    session = None

    async def connect(self) -> None:
        params = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        token = (params.get("token") or [""])[0]
        origin = _header(self.scope, b"origin")
        session, refusal = await _open(token, origin)
        if refusal == "origin":
            # Do not even open for a page the widget is not enabled on: the handshake fails (403).
            await self.close()
            return
        if session is None:
            await self.accept()
            await self.send_json(
                {"type": "error", "code": "invalid_session", "detail": "Unknown or expired session: start a new one."}
            )
            await self.close(code=CLOSE_INVALID_SESSION)
            return
        self.session = session
        self.group = services.session_group(session)
        self.last_typing = 0.0
        # Joined before reading the history: a reply pushed meanwhile arrives live (and again
        # in the history at worst — the widget dedupes by id), never in neither.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(
            {
                "type": "hello",
                "visitor_id": session.visitor_id,
                "widget": session.channel_account_id,
                "verified": session.verified,
            }
        )
        await self.send_json(await _history(session, _positive_int((params.get("after") or [None])[0])))

    async def disconnect(self, code: int) -> None:
        if self.session is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    # --- Client → server ------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs) -> None:
        if self.session is None:
            return
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if len(raw) > MAX_FRAME_BYTES:
            await self._error("frame_too_large", f"Frames are at most {MAX_FRAME_BYTES} bytes.")
            return
        try:
            content = json.loads(raw)
        except ValueError:
            await self._error("invalid_json", "Frames are JSON objects.")
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "batch":
            frames = content.get("frames")
            if not isinstance(frames, list) or len(frames) > MAX_BATCH:
                await self._error("invalid", f"'frames' must be a list of at most {MAX_BATCH} frames.")
                return
            for frame in frames:
                frame_kind = frame.get("type") if isinstance(frame, dict) else None
                if frame_kind == "batch":
                    await self._error("invalid", "A batch cannot hold another batch.")
                    continue
                await self._dispatch(frame_kind, frame)
            return
        await self._dispatch(kind, content)

    async def _dispatch(self, kind: str | None, content: Any) -> None:
        handler = {
            "message.create": self._message_create,
            "receipt.read": self._receipt_read,
            "typing": self._typing,
            "ping": self._ping,
        }.get(kind)
        if handler is None:
            await self._error("unknown_frame", "Unknown frame type.")
            return
        try:
            await handler(content)
        except ApplicationError as error:
            ref = content.get("client_message_id") if isinstance(content, dict) else None
            await self._error(error.code, error.message, ref=ref if isinstance(ref, str) else None)

    async def _message_create(self, content: dict) -> None:
        client_message_id = content.get("client_message_id")
        text = content.get("text", "")
        if not isinstance(client_message_id, str) or not isinstance(text, str):
            raise ApplicationError("message.create needs client_message_id and text strings.")
        result = await database_sync_to_async(services.visitor_message_create)(
            session=self.session,
            client_message_id=client_message_id,
            text=text,
            sent_at=services.sent_at_parse(content.get("sent_at")),
            upload_ids=_upload_ids(content.get("attachments")),
            exclude_channel=self.channel_name,
        )
        await self.send_json(services.message_ack(result, client_message_id.strip()))

    async def _receipt_read(self, content: dict) -> None:
        up_to = content.get("up_to_message_id")
        await database_sync_to_async(services.visitor_messages_read)(
            session=self.session, up_to_message_id=up_to, exclude_channel=self.channel_name
        )

    async def _typing(self, content: dict) -> None:
        state = content.get("state")
        is_typing = bool(content.get("is_typing")) if state is None else state in ("on", "typing", "start", True)
        now = time.monotonic()
        if is_typing and now - self.last_typing < TYPING_INTERVAL_SECONDS:
            return  # throttled: agents hear "typing" at most every couple of seconds
        self.last_typing = now if is_typing else 0.0
        await database_sync_to_async(services.visitor_typing_notify)(session=self.session, is_typing=is_typing)

    async def _ping(self, content: dict) -> None:
        await self.send_json({"type": "pong"})

    async def _error(self, code: str, detail: str, ref: str | None = None) -> None:
        frame: dict[str, Any] = {"type": "error", "code": code, "detail": detail}
        if ref:
            frame["ref"] = ref
        await self.send_json(frame)

    # --- Server → client ----------------------------------------------------------------------

    async def webchat_event(self, message: dict) -> None:
        if message.get("exclude") and message["exclude"] == self.channel_name:
            return  # the tab that sent it has its ack
        await self.send_json(message["frame"])
