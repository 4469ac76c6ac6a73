"""A local X API v2 for the calls our client makes, with X's answers and problem JSON.

* `POST /2/dm_conversations/with/{participant_id}/messages {"text"}` → 201
  `{"data": {"dm_conversation_id": "<low>-<high>", "dm_event_id"}}`
* `POST /2/tweets {"text", "reply": {"in_reply_to_tweet_id"}}` → 201 `{"data": {"id", "text", …}}`
* `GET /2/users/{id}?user.fields=…` → `{"data": {…}}`, or 200 `{"errors": [resource-not-found]}`
Every call needs user context, either
* OAuth 2.0: `Authorization: Bearer <access token>` of an account added with `add_account`, or
* OAuth 1.0a: `Authorization: OAuth oauth_consumer_key=…, oauth_token=…, oauth_signature=…` for an
  app added with `add_app` and an account added with an `access_token_secret`. The fake recomputes
  the HMAC-SHA1 signature from the request it received (method, URL, query, form body, `oauth_*`)
  and answers X's 401 problem when it does not match, when the timestamp is more than 5 minutes
  off, or when a nonce comes back.
Ids are snowflakes (19 digits, time-ordered), like X's.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from integrations.events import ChannelKind
from integrations.fakes.server import Failure, FakePlatform, FakeResponse, RecordedRequest, SentMessage, as_dict
from integrations.x import oauth1

_PROBLEMS = "https://api.twitter.com/2/problems/"
_TWITTER_EPOCH_MS = 1288834974657


def problem(status: int, title: str, detail: str, kind: str = "about:blank", **extra: Any) -> FakeResponse:
    """X's error body (RFC 7807-like): `{title, detail, type, status}`."""
    return FakeResponse(status, {"title": title, "detail": detail, "type": kind, "status": status, **extra})


def _invalid(message: str) -> FakeResponse:
    return problem(
        400,
        "Invalid Request",
        "One or more parameters to your request was invalid.",
        f"{_PROBLEMS}invalid-request",
        errors=[{"parameters": {}, "message": message}],
    )


_UNAUTHORIZED = problem(401, "Unauthorized", "Unauthorized")
_TIMESTAMP_WINDOW = 300  # seconds an OAuth 1.0a timestamp may be off
_NONCES_KEPT = 4096  # past which nonces older than the window are forgotten


_MEDIA_CATEGORIES = frozenset({"tweet_image", "tweet_gif", "tweet_video", "dm_image", "dm_gif", "dm_video", "subtitles"})


@dataclass(frozen=True, slots=True)
class UploadedMedia:
    account: str
    category: str
    media_type: str
    content: bytes


class FakeX(FakePlatform):
    """X accounts we send as (`add_account`) and users they talk to (`add_user`). DMs to a user
    who was not added fail like X's invalid-request unless `accept_unknown_users`."""

    kind = ChannelKind.X
    presets = ("blocked", "rate_limited", "server_error", "token_invalid", "slow")

    def __init__(self, *, accept_unknown_users: bool = False, on_sent: Callable[[SentMessage], None] | None = None) -> None:
        super().__init__(on_sent=on_sent)
        self.accept_unknown_users = accept_unknown_users
        self._tokens: dict[str, str] = {}  # OAuth 2.0 access token → the account's user id
        self._apps: dict[str, str] = {}  # OAuth 1.0a consumer key → consumer secret
        self._oauth1_tokens: dict[str, tuple[str, str]] = {}  # OAuth 1.0a access token → (user id, token secret)
        self._nonces: dict[tuple[str, ...], int] = {}  # (consumer key, token, timestamp, nonce) → timestamp: replays
        self._users: dict[str, dict[str, Any]] = {}
        self._sequence = 0
        self._ids_lock = threading.Lock()
        self.media: dict[str, UploadedMedia] = {}  # media id → what was uploaded, for tests to inspect

    def add_app(self, consumer_key: str, consumer_secret: str) -> None:
        """An X app (its API key and secret), for OAuth 1.0a requests."""
        with self._lock:
            self._apps[consumer_key] = consumer_secret

    def add_account(
        self,
        user_id: str,
        *,
        access_token: str,
        access_token_secret: str = "",
        username: str = "dialogo",
        name: str = "Dialogo",
    ) -> None:
        """An account we send as: with an OAuth 2.0 bearer `access_token`, or — given its
        `access_token_secret` — an OAuth 1.0a access token (signed requests only, with an app of `add_app`)."""
        with self._lock:
            if access_token_secret:
                self._oauth1_tokens[access_token] = (user_id, access_token_secret)
            else:
                self._tokens[access_token] = user_id
        self.add_user(user_id, name=name, username=username)

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        username: str,
        profile_image_url: str = "",
        followers_count: int = 0,
        verified: bool = False,
    ) -> None:
        user = {
            "id": user_id,
            "name": name,
            "username": username,
            "profile_image_url": profile_image_url or f"https://pbs.twimg.com/profile_images/{user_id}/avatar_normal.jpg",
            "verified": verified,
            "public_metrics": {"followers_count": followers_count, "following_count": 0, "tweet_count": 0, "listed_count": 0},
        }
        with self._lock:
            self._users[user_id] = user

    def render_failure(self, failure: Failure, product: str) -> FakeResponse:
        if failure.error == "blocked":
            return problem(403, "Forbidden", "You are not permitted to send a Direct Message to this user.")
        if failure.error == "rate_limited":
            seconds = failure.retry_after if failure.retry_after is not None else 900
            reset = int(time.time() + seconds)
            headers = {"x-rate-limit-limit": "200", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)}
            response = problem(429, "Too Many Requests", "Too Many Requests")
            return FakeResponse(429, response.body, headers)
        if failure.error == "token_invalid":
            return _UNAUTHORIZED
        return problem(503, "Service Unavailable", "Service Unavailable")

    def handle(self, request: RecordedRequest) -> FakeResponse:
        account = self._authenticate(request)
        if account is None:
            return _UNAUTHORIZED
        parts = [p for p in request.path.split("/") if p]
        body = as_dict(request.body)
        if (
            request.method == "POST"
            and len(parts) == 5
            and parts[:3] == ["2", "dm_conversations", "with"]
            and parts[4] == "messages"
        ):
            return self._direct_message(account, parts[3], body)
        if request.method == "POST" and parts == ["2", "tweets"]:
            return self._post(account, body)
        if request.method == "POST" and parts == ["2", "media", "upload"]:
            return self._media_upload(account, body)
        if request.method == "GET" and len(parts) == 3 and parts[:2] == ["2", "users"]:
            return self._user(account if parts[2] == "me" else parts[2], request.query.get("user.fields", ""))
        return problem(404, "Not Found Error", f"Unknown route {request.method} {request.path}", f"{_PROBLEMS}resource-not-found")

    def _authenticate(self, request: RecordedRequest) -> str | None:
        """The user id the request acts for, None when X would answer 401."""
        authorization = request.headers.get("authorization", "")
        scheme = authorization.strip().partition(" ")[0].lower()
        if scheme == "bearer":
            with self._lock:
                return self._tokens.get(authorization.strip()[7:].strip())
        if scheme == "oauth":
            return self._oauth1_account(request, oauth1.parse_authorization(authorization))
        return None

    def _oauth1_account(self, request: RecordedRequest, protocol: dict[str, str] | None) -> str | None:
        """Check an OAuth 1.0a request as X does: known app and token, HMAC-SHA1, a fresh timestamp,
        an unused nonce, and the signature recomputed over what was received."""
        if protocol is None:
            return None
        consumer_key = protocol.get("oauth_consumer_key", "")
        token = protocol.get("oauth_token", "")
        timestamp = protocol.get("oauth_timestamp", "")
        nonce = protocol.get("oauth_nonce", "")
        with self._lock:
            consumer_secret = self._apps.get(consumer_key)
            account, token_secret = self._oauth1_tokens.get(token, (None, ""))
        if (
            consumer_secret is None
            or account is None
            or protocol.get("oauth_signature_method") != oauth1.SIGNATURE_METHOD
            or protocol.get("oauth_version", oauth1.VERSION) != oauth1.VERSION
            or not timestamp.isdigit()
            or abs(time.time() - int(timestamp)) > _TIMESTAMP_WINDOW
            or not nonce
        ):
            return None
        scheme = self.host_url.partition("://")[0] or "http"
        url = f"{scheme}://{request.headers.get('host', '')}{request.path}" + (
            f"?{request.query_string}" if request.query_string else ""
        )
        parameters = oauth1.request_parameters(url, content_type=request.headers.get("content-type", ""), body=request.raw)
        base_string = oauth1.signature_base_string(request.method, url, [*parameters, *protocol.items()])
        expected = oauth1.hmac_sha1_signature(base_string, consumer_secret=consumer_secret, token_secret=token_secret)
        if not hmac.compare_digest(expected.encode("ascii"), protocol.get("oauth_signature", "").encode("utf-8")):
            return None
        used = (consumer_key, token, timestamp, nonce)  # RFC 5849 §3.3: unique per timestamp, client and token
        with self._lock:
            if used in self._nonces:
                return None
            if len(self._nonces) >= _NONCES_KEPT:
                oldest = time.time() - _TIMESTAMP_WINDOW
                self._nonces = {key: at for key, at in self._nonces.items() if at >= oldest}
            self._nonces[used] = int(timestamp)
        return account

    def _media_upload(self, account: str, body: dict[str, Any]) -> FakeResponse:
        """`POST /2/media/upload` with a JSON body: base64 `media`, `media_category`, `media_type`."""
        category = body.get("media_category")
        if category not in _MEDIA_CATEGORIES:
            return _invalid(f"media_category must be one of {sorted(_MEDIA_CATEGORIES)}")
        try:
            content = base64.b64decode(str(body.get("media") or ""), validate=True)
        except (binascii.Error, ValueError):
            return _invalid("media must be base64")
        if not content:
            return _invalid("media is required")
        if len(content) > 5 * 1024 * 1024:
            return _invalid("File size exceeds 5242880 bytes.")
        media_id = self._snowflake()
        with self._lock:
            self.media[media_id] = UploadedMedia(account, str(category), str(body.get("media_type") or ""), content)
        image = {"image_type": str(body.get("media_type") or "")}
        return FakeResponse(
            200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(content), "expires_after_secs": 86400, "image": image}}
        )

    def _unknown_media(self, account: str, media_ids: list[Any]) -> str | None:
        with self._lock:
            for media_id in media_ids:
                uploaded = self.media.get(str(media_id))
                if uploaded is None or uploaded.account != account:
                    return str(media_id)
        return None

    def _direct_message(self, account: str, participant_id: str, body: dict[str, Any]) -> FakeResponse:
        text = body.get("text")
        attachments = body.get("attachments") or []
        if not text and not attachments:
            return _invalid("Requires at least one of text or attachments")
        if not isinstance(attachments, list) or len(attachments) > 1:
            return _invalid("attachments must hold at most 1 item")
        unknown = self._unknown_media(account, [as_dict(item).get("media_id") for item in attachments])
        if unknown is not None:
            return _invalid(f"Media id {unknown} is not valid")
        if text is not None and (not isinstance(text, str) or len(text) > 10_000):
            return _invalid("text must be a string of at most 10000 characters")
        if not participant_id.isdigit() or participant_id == account:
            return _invalid(f"The `participant_id` query parameter value [{participant_id}] is not valid")
        with self._lock:
            known = participant_id in self._users
        if not known and not self.accept_unknown_users:
            return _invalid(f"Could not find user with participant_id: [{participant_id}].")
        failure = self.take_failure("dm")
        if failure is not None:
            return failure
        event_id = self._snowflake()
        low, high = sorted((account, participant_id), key=int)
        self.sent(SentMessage(ChannelKind.X, account, participant_id, event_id, str(text or "")))
        return FakeResponse(201, {"data": {"dm_conversation_id": f"{low}-{high}", "dm_event_id": event_id}})

    def _post(self, account: str, body: dict[str, Any]) -> FakeResponse:
        text = body.get("text", "")
        media_ids = as_dict(body.get("media")).get("media_ids") or []
        if not isinstance(media_ids, list) or len(media_ids) > 4:
            return _invalid("media.media_ids must hold at most 4 ids")
        unknown = self._unknown_media(account, media_ids)
        if unknown is not None:
            return _invalid(f"Media id {unknown} is not valid")
        if not isinstance(text, str) or not (text or media_ids):
            return _invalid("Requires text or media")
        in_reply_to = str(as_dict(body.get("reply")).get("in_reply_to_tweet_id") or "")
        if "reply" in body and not in_reply_to.isdigit():
            return _invalid("reply.in_reply_to_tweet_id must be a post id")
        failure = self.take_failure("tweet")
        if failure is not None:
            return failure
        post_id = self._snowflake()
        self.sent(SentMessage(ChannelKind.X, account, in_reply_to, post_id, text))
        return FakeResponse(201, {"data": {"id": post_id, "text": text, "edit_history_tweet_ids": [post_id]}})

    def _user(self, user_id: str, fields: str) -> FakeResponse:
        with self._lock:
            user = self._users.get(user_id)
        if user is None:
            error = {
                "value": user_id,
                "detail": f"Could not find user with id: [{user_id}].",
                "title": "Not Found Error",
                "resource_type": "user",
                "parameter": "id",
                "resource_id": user_id,
                "type": f"{_PROBLEMS}resource-not-found",
            }
            return FakeResponse(200, {"errors": [error]})
        wanted = {"id", "name", "username", *(f.strip() for f in fields.split(",") if f.strip())}
        return FakeResponse(200, {"data": {key: value for key, value in user.items() if key in wanted}})

    def _snowflake(self) -> str:
        """Time-ordered 64-bit ids: milliseconds since X's epoch, then a sequence (like X's)."""
        with self._ids_lock:
            self._sequence = (self._sequence + 1) % 4096
            return str(((int(time.time() * 1000) - _TWITTER_EPOCH_MS) << 22) | self._sequence)
