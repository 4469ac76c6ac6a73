"""A local Graph API for Messenger, Instagram and WhatsApp Cloud sends.

Speaks the endpoints our clients use, with Graph's validation and error JSON:
* `POST /{page_id | ig_account_id}/messages` — Send API (`recipient`, `messaging_type`, `message`
  or `sender_action`) → `{"recipient_id", "message_id": "m_…"}`;
* `POST /{phone_number_id}/messages` — Cloud API (`messaging_product`, `to`, `type`, …) →
  `{"messaging_product", "contacts", "messages": [{"id": "wamid.HBg…"}]}`, and `status: read`;
* `POST /{comment_id}/replies` (Instagram) and `/{comment_id}/comments` (Page) → `{"id"}`;
* `GET /{psid | igsid}?fields=…` — the registered profile, filtered to the asked fields.
The token may come as `Authorization: Bearer` or `access_token`; an account registered with an app
secret requires a matching `appsecret_proof`. The API version prefix (`/v21.0`) is optional.
"""

from __future__ import annotations

import base64
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from integrations.events import ChannelKind
from integrations.fakes.server import Failure, FakePlatform, FakeResponse, RecordedRequest, SentMessage, as_dict
from integrations.meta.graph import appsecret_proof

MESSENGER, INSTAGRAM, WHATSAPP = "messenger", "instagram", "whatsapp"
_VERSION = re.compile(r"^v\d+\.\d+$")
_ATTACHMENT_TYPES = {"image", "audio", "video", "file", "template"}
_MESSAGING_TYPES = {"RESPONSE", "UPDATE", "MESSAGE_TAG"}
_SENDER_ACTIONS = {"mark_seen", "typing_on", "typing_off"}
_WA_MEDIA = {"image", "audio", "video", "document", "sticker"}
_TEXT_LIMITS = {MESSENGER: 2000, INSTAGRAM: 1000}


@dataclass(frozen=True, slots=True)
class _Account:
    product: str
    external_id: str
    access_token: str
    app_secret: str


class _GraphRefusal(Exception):
    def __init__(self, response: FakeResponse) -> None:
        self.response = response


def graph_error(
    message: str, *, code: int, status: int = 400, subcode: int | None = None, kind: str = "OAuthException", **extra: Any
) -> FakeResponse:
    """Graph's error body: `{"error": {message, type, code, error_subcode?, fbtrace_id, …}}`."""
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error.update(extra)
    error["fbtrace_id"] = secrets.token_urlsafe(8)[:11]
    return FakeResponse(status, {"error": error})


def _refuse(message: str, *, code: int = 100, **kwargs: Any) -> _GraphRefusal:
    return _GraphRefusal(graph_error(message, code=code, **kwargs))


class FakeGraph(FakePlatform):
    """Messenger Pages, Instagram accounts and WhatsApp numbers on one local Graph API.

    Recipients (PSIDs / IGSIDs) must be registered with `add_user` unless
    `accept_unknown_recipients` (handy for a demo whose simulated customers appear on the fly);
    WhatsApp accepts any `to`, as the real API does (undeliverable numbers fail later, by webhook).
    """

    kind = ChannelKind.MESSENGER
    presets = ("window_closed", "template_required", "rate_limited", "blocked", "token_invalid", "server_error", "slow")

    def __init__(
        self,
        *,
        version: str = "v21.0",
        accept_unknown_recipients: bool = False,
        on_sent: Callable[[SentMessage], None] | None = None,
    ) -> None:
        super().__init__(on_sent=on_sent)
        self.version = version
        self.accept_unknown_recipients = accept_unknown_recipients
        self._accounts: dict[str, _Account] = {}
        self._users: dict[str, dict[str, Any] | None] = {}
        self._comment_counter = 17_900_000_000_000_000
        self._ids_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"{self.host_url}/{self.version}"

    # --- setup ----------------------------------------------------------------------------------

    def add_page(self, page_id: str, *, access_token: str, app_secret: str = "") -> None:
        """A Facebook Page (Messenger); with `app_secret`, calls must carry `appsecret_proof`."""
        self._add(MESSENGER, page_id, access_token, app_secret)

    def add_instagram_account(self, ig_account_id: str, *, access_token: str, app_secret: str = "") -> None:
        self._add(INSTAGRAM, ig_account_id, access_token, app_secret)

    def add_phone_number(self, phone_number_id: str, *, access_token: str, app_secret: str = "") -> None:
        self._add(WHATSAPP, phone_number_id, access_token, app_secret)

    def add_user(self, user_id: str, profile: Mapping[str, Any] | None = None) -> None:
        """A customer (PSID or IGSID). `profile` holds the fields the profile GET may return
        (`first_name`, `last_name`, `profile_pic`, `name`, `username`, `follower_count`, …);
        None makes the lookup fail with 2018218 "No profile available" (phone-registered users)."""
        with self._lock:
            self._users[user_id] = dict(profile) if profile is not None else None

    def _add(self, product: str, external_id: str, access_token: str, app_secret: str) -> None:
        with self._lock:
            self._accounts[external_id] = _Account(product, external_id, access_token, app_secret)

    # --- failures -------------------------------------------------------------------------------

    def render_failure(self, failure: Failure, product: str) -> FakeResponse:
        wa = product == WHATSAPP
        if failure.error == "template_required" or (failure.error == "window_closed" and wa):
            return graph_error(
                "(#131047) Re-engagement message",
                code=131047,
                error_data={
                    "messaging_product": "whatsapp",
                    "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                },
            )
        if failure.error == "window_closed":
            subcode = 2534022 if product == INSTAGRAM else 2018278
            return graph_error("(#10) This message is sent outside of allowed window.", code=10, subcode=subcode)
        if failure.error == "rate_limited":
            headers = {"Retry-After": f"{failure.retry_after:g}"} if failure.retry_after is not None else {}
            if wa:
                response = graph_error(
                    "(#130429) Rate limit hit",
                    code=130429,
                    status=429,
                    error_data={"messaging_product": "whatsapp", "details": "Cloud API message throughput has been reached."},
                )
            else:
                response = graph_error("(#613) Calls to this api have exceeded the rate limit.", code=613, status=429)
            return FakeResponse(response.status, response.body, headers)
        if failure.error == "blocked":
            if wa:
                return graph_error(
                    "(#131026) Message undeliverable",
                    code=131026,
                    error_data={"messaging_product": "whatsapp", "details": "Message Undeliverable."},
                )
            return graph_error("(#551) This person isn't available right now.", code=551, subcode=1545041)
        if failure.error == "token_invalid":
            return graph_error(
                "Error validating access token: The session has been invalidated because the user changed their password.",
                code=190,
                subcode=460,
            )
        return graph_error(
            "An unexpected error has occurred. Please retry your request later.", code=2, status=500, is_transient=True
        )

    # --- requests -------------------------------------------------------------------------------

    def handle(self, request: RecordedRequest) -> FakeResponse:
        try:
            return self._route(request)
        except _GraphRefusal as refusal:
            return refusal.response

    def _route(self, request: RecordedRequest) -> FakeResponse:
        parts = [p for p in request.path.split("/") if p]
        if parts and _VERSION.match(parts[0]):
            parts = parts[1:]
        body = as_dict(request.body)
        caller = self._authenticate(request, body)
        if request.method == "POST" and len(parts) == 2 and parts[1] == "messages":
            account = self._accounts.get(parts[0])
            if account is None:
                raise _unsupported("post", parts[0])
            if account.access_token != caller.access_token:
                raise _refuse("(#10) Application does not have permission for this action", code=10)
            if account.product == WHATSAPP:
                return self._whatsapp(account, body)
            return self._send_api(account, body)
        if request.method == "POST" and len(parts) == 2 and parts[1] in ("replies", "comments"):
            expected = INSTAGRAM if parts[1] == "replies" else MESSENGER
            if caller.product != expected:
                raise _unsupported("post", "/".join(parts))
            return self._comment_reply(caller, parts[0], {**request.query, **body})
        if request.method == "GET" and len(parts) == 1:
            return self._profile(parts[0], request.query.get("fields", ""))
        raise _refuse(f"Unknown path components: /{'/'.join(parts[1:])}", code=2500)

    def _authenticate(self, request: RecordedRequest, body: dict[str, Any]) -> _Account:
        authorization = request.headers.get("authorization", "")
        token = authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""
        token = token or request.query.get("access_token", "") or str(body.get("access_token") or "")
        if not token:
            raise _refuse("An access token is required to request this resource.", code=104)
        with self._lock:
            account = next((a for a in self._accounts.values() if a.access_token == token), None)
        if account is None:
            raise _refuse("Invalid OAuth access token - Cannot parse access token", code=190)
        if account.app_secret:
            proof = request.query.get("appsecret_proof", "") or str(body.get("appsecret_proof") or "")
            if not proof:
                raise _refuse(
                    "API calls from the server require an appsecret_proof argument", code=100, kind="GraphMethodException"
                )
            if not secrets.compare_digest(proof, appsecret_proof(token, account.app_secret)):
                raise _refuse("Invalid appsecret_proof provided in the API argument", code=100, kind="GraphMethodException")
        return account

    def _send_api(self, account: _Account, body: dict[str, Any]) -> FakeResponse:
        """Messenger and Instagram Send API."""
        recipient = body.get("recipient")
        if not isinstance(recipient, dict) or not (recipient.get("id") or recipient.get("comment_id")):
            raise _refuse("(#100) The parameter recipient is required")
        user_id = str(recipient.get("id") or "")
        if user_id and not self.accept_unknown_recipients and user_id not in self._users:
            raise _refuse("(#100) No matching user found", subcode=2018001)
        if "sender_action" in body:
            if str(body["sender_action"]).lower() not in _SENDER_ACTIONS:
                raise _refuse("(#100) Param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF}")
            return FakeResponse(200, {"recipient_id": user_id})
        messaging_type = body.get("messaging_type")
        if account.product == MESSENGER and messaging_type is None:
            raise _refuse("(#100) The parameter messaging_type is required")
        if messaging_type is not None and messaging_type not in _MESSAGING_TYPES:
            raise _refuse("(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}")
        if messaging_type == "MESSAGE_TAG" and not body.get("tag"):
            raise _refuse("(#100) Tag is required for MESSAGE_TAG messaging type")
        message = body.get("message")
        if not isinstance(message, dict):
            raise _refuse("(#100) The parameter message is required")
        text = message.get("text")
        attachment = message.get("attachment")
        if text is None and attachment is None:
            raise _refuse("(#100) Must send either message or state")
        if text is not None and (not isinstance(text, str) or not text):
            raise _refuse("(#100) Param message[text] must be a non-empty UTF-8 encoded string")
        limit = _TEXT_LIMITS[account.product]
        if isinstance(text, str) and len(text) > limit:
            raise _refuse(f"(#100) Length of param message[text] must be less than or equal to {limit}")
        if attachment is not None:
            payload = as_dict(as_dict(attachment).get("payload"))
            if as_dict(attachment).get("type") not in _ATTACHMENT_TYPES:
                raise _refuse("(#100) Param message[attachment][type] must be one of {IMAGE, AUDIO, VIDEO, FILE, TEMPLATE}")
            if not (payload.get("url") or payload.get("attachment_id")):
                raise _refuse("(#100) Param message[attachment][payload][url] must be a valid URL")
        if len(str(message.get("metadata") or "")) > 1000:
            raise _refuse("(#100) Param message[metadata] must be at most 1000 characters long")
        failure = self.take_failure(account.product)
        if failure is not None:
            return failure
        mid = "m_" + secrets.token_urlsafe(60)
        answer: dict[str, Any] = {"message_id": mid}
        if user_id:
            answer = {"recipient_id": user_id, **answer}
        kind = ChannelKind.MESSENGER if account.product == MESSENGER else ChannelKind.INSTAGRAM
        shown = text if isinstance(text, str) else str(as_dict(as_dict(attachment).get("payload")).get("url") or "")
        self.sent(SentMessage(kind, account.external_id, user_id or str(recipient.get("comment_id")), mid, shown))
        return FakeResponse(200, answer)

    def _whatsapp(self, account: _Account, body: dict[str, Any]) -> FakeResponse:
        if body.get("messaging_product") != "whatsapp":
            raise _refuse("(#100) The parameter messaging_product is required.")
        if body.get("status") is not None:
            if body.get("status") != "read" or not body.get("message_id"):
                raise _refuse("(#100) Invalid parameter: status must be 'read' with a message_id")
            return FakeResponse(200, {"success": True})
        to = str(body.get("to") or "")
        if not to:
            raise _refuse("(#100) The parameter to is required.")
        kind = body.get("type", "text")
        content = as_dict(body.get(kind))
        shown = ""
        if kind == "text":
            shown = str(content.get("body") or "")
            if not shown:
                raise _refuse("(#100) The parameter text['body'] is required.")
            if len(shown) > 4096:
                raise _refuse("(#100) Param text['body'] must be at most 4096 characters long.")
        elif kind == "template":
            if not content.get("name") or not as_dict(content.get("language")).get("code"):
                raise _refuse("(#100) The parameter template['name'] and template['language']['code'] are required.")
            shown = f"[template {content['name']}] " + " ".join(
                str(p.get("text", "")) for c in content.get("components") or () for p in as_dict(c).get("parameters") or ()
            )
        elif kind in _WA_MEDIA:
            if not (content.get("link") or content.get("id")):
                raise _refuse(f"(#100) The parameter {kind}['link'] or {kind}['id'] is required.")
            shown = str(content.get("link") or content.get("id"))
        else:
            raise _refuse(f"(#100) Param type must be a valid message type, got {kind!r}")
        failure = self.take_failure(WHATSAPP)
        if failure is not None:
            return failure
        wamid = _wamid(to)
        message: dict[str, Any] = {"id": wamid}
        if kind == "template":
            message["message_status"] = "accepted"
        wa_id = to.lstrip("+")
        self.sent(SentMessage(ChannelKind.WHATSAPP, account.external_id, wa_id, wamid, shown.strip()))
        return FakeResponse(
            200, {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": wa_id}], "messages": [message]}
        )

    def _comment_reply(self, account: _Account, comment_id: str, fields: dict[str, Any]) -> FakeResponse:
        text = fields.get("message")
        if not isinstance(text, str) or not text:
            raise _refuse("(#100) The parameter message is required")
        failure = self.take_failure(account.product)
        if failure is not None:
            return failure
        with self._ids_lock:
            self._comment_counter += 1
            number = self._comment_counter
        # Instagram comment ids are plain digits; Page comment ids are "<post>_<comment>"
        reply_id = str(number) if account.product == INSTAGRAM else f"{comment_id.split('_')[0]}_{number}"
        kind = ChannelKind.INSTAGRAM if account.product == INSTAGRAM else ChannelKind.MESSENGER
        self.sent(SentMessage(kind, account.external_id, comment_id, reply_id, text))
        return FakeResponse(200, {"id": reply_id})

    def _profile(self, user_id: str, fields: str) -> FakeResponse:
        with self._lock:
            known = user_id in self._users
            profile = self._users.get(user_id)
        if not known:
            raise _unsupported("get", user_id)
        if profile is None:
            raise _refuse("No profile available for this user.", code=2018218)
        wanted = [f.strip() for f in fields.split(",") if f.strip()] or ["name"]
        return FakeResponse(200, {**{f: profile[f] for f in wanted if f in profile}, "id": user_id})


def _unsupported(verb: str, object_id: str) -> _GraphRefusal:
    return _refuse(
        f"Unsupported {verb} request. Object with ID '{object_id}' does not exist, cannot be loaded due to missing "
        "permissions, or does not support this operation. Please read the Graph API documentation at "
        "https://developers.facebook.com/docs/graph-api",
        subcode=33,
        kind="GraphMethodException",
    )


def _wamid(to: str) -> str:
    """Shaped like the real ids: `wamid.` + base64 of a length-prefixed phone and a random part."""
    phone = to.lstrip("+").encode()
    raw = (
        b"\x1c\x18" + bytes([len(phone)]) + phone + b"\x15\x02\x00\x11\x18\x12" + secrets.token_hex(9).upper().encode() + b"\x00"
    )
    return "wamid." + base64.b64encode(raw).decode().rstrip("=")
