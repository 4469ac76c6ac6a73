"""X (Twitter) API v2 outbound: DMs, public replies to mentions, user profiles."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from typing import Any

import httpx

from integrations.errors import CredentialsRejected, IntegrationError, PlatformError, RateLimited, RecipientBlocked
from integrations.events import AttachmentKind, ChannelKind, Sender
from integrations.outbound import HttpPlatformClient, OutboundAttachment, OutboundMessage, SendResult
from integrations.x.credentials import outbound_auth

DEFAULT_BASE_URL = "https://api.x.com"

_PROBLEMS = "https://api.twitter.com/2/problems/"

# X's simple media upload: images only, at most 5 MB; one per DM, four per post.
UPLOADABLE_IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_DM_IMAGES = 1
MAX_POST_IMAGES = 4


class XClient(HttpPlatformClient):
    """Sends as the subscribed X account, in user context: with its OAuth 2.0 token
    (`access_token`, a bearer token) or its OAuth 1.0a keys (`consumer_key`, `consumer_secret`,
    `access_token`, `access_token_secret`: every request signed with HMAC-SHA1, RFC 5849) — see
    `integrations.x.credentials`. A partial OAuth 1.0a set → CredentialsRejected naming what is missing.

    Guarantees:
    * A DM is one `POST /2/dm_conversations/with/{participant_id}/messages {"text", "attachments"}`.
      Images whose bytes we carry (JPEG, PNG, GIF, WebP up to 5 MB) are first uploaded with
      `POST /2/media/upload` (JSON, base64 `media`, `media_category` dm_image) and attached by
      `media_id` — X takes one per DM; other files, and images beyond that, go as links in the
      text. The result is the `dm_event_id`: the id the Account Activity webhook gives the echo.
    * `comment_id` set: a public reply to that post (`POST /2/tweets` with
      `reply.in_reply_to_tweet_id`, up to 4 uploaded images in `media.media_ids`, tweet_image);
      the result is the new post's id.
    * Errors: 401, or 403 "client-forbidden" (app not enrolled) → CredentialsRejected; any other
      403 on a DM (the user does not accept our DMs) → RecipientBlocked; 429 → RateLimited
      until `x-rate-limit-reset`; 5xx and network failures → retryable PlatformError; the rest →
      PlatformError whose code is X's problem type (e.g. `invalid-request`).
    * `mark_read` does nothing (v2 has no read-marking endpoint for DMs). `profile` reads
      `GET /2/users/{id}` (name, username, picture, follower count); None when X has no such user.
    """

    kind = ChannelKind.X

    token_credential = "access_token"
    default_base_url = DEFAULT_BASE_URL

    def _open(self, credentials: Mapping[str, str], *, base_url: str, http: httpx.Client | None, timeout: float) -> None:
        self._auth = outbound_auth(credentials)  # first: its error names the missing OAuth 1.0a keys
        super()._open(credentials, base_url=base_url, http=http, timeout=timeout)

    @property
    def user_id(self) -> str:
        """The X account we send as (the channel account's external id)."""
        return self.account_external_id

    def send(self, message: OutboundMessage) -> SendResult:
        is_post = bool(message.comment_id)
        uploadable = [a for a in message.attachments if _uploadable_image(a)][: MAX_POST_IMAGES if is_post else MAX_DM_IMAGES]
        linked = [a for a in message.attachments if a not in uploadable]
        text = "\n".join(part for part in (message.text, *(a.url for a in linked)) if part)
        if not text and not uploadable:
            raise ValueError("nothing to send: the message has no text and no attachment")
        media_ids = [self._upload_image(a, category="tweet_image" if is_post else "dm_image") for a in uploadable]
        body: dict[str, Any] = {"text": text} if text else {}
        if is_post:
            body["reply"] = {"in_reply_to_tweet_id": message.comment_id}
            if media_ids:
                body["media"] = {"media_ids": media_ids}
            return SendResult(external_id=_data_id(self._request("POST", "/2/tweets", json_body=body), "id"))
        if media_ids:
            body["attachments"] = [{"media_id": media_id} for media_id in media_ids]
        path = f"/2/dm_conversations/with/{message.recipient_external_id}/messages"
        answer = self._request("POST", path, json_body=body, direct_message=True)
        return SendResult(external_id=_data_id(answer, "dm_event_id"))

    def _upload_image(self, attachment: OutboundAttachment, *, category: str) -> str:
        answer = self._request(
            "POST",
            "/2/media/upload",
            json_body={
                "media": base64.b64encode(attachment.content).decode("ascii"),
                "media_category": category,
                "media_type": attachment.mime_type,
            },
        )
        return _data_id(answer, "id")

    def mark_read(self, *, recipient_external_id: str, external_message_id: str = "") -> None:
        """X API v2 has no way to mark a DM read: nothing to do."""

    def profile(self, external_user_id: str) -> Sender | None:
        try:
            answer = self._request(
                "GET",
                f"/2/users/{external_user_id}",
                params={"user.fields": "name,username,profile_image_url,public_metrics"},
            )
        except PlatformError as exc:
            if exc.code in ("resource-not-found", "404"):
                return None
            raise
        user = answer.get("data")
        if not isinstance(user, dict):
            return None
        metrics = user.get("public_metrics") if isinstance(user.get("public_metrics"), dict) else {}
        followers = metrics.get("followers_count")
        return Sender(
            external_id=external_user_id,
            display_name=str(user.get("name") or ""),
            username=str(user.get("username") or ""),
            avatar_url=str(user.get("profile_image_url") or ""),
            follower_count=followers if type(followers) is int else None,
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, str] | None = None,
        direct_message: bool = False,
    ) -> dict[str, Any]:
        try:
            response = self._http.request(
                method,
                f"{self._base_url}{path}",
                json=json_body,
                params=dict(params) if params else None,
                auth=self._auth,
                timeout=self._timeout,
            )
        except httpx.HTTPError as exc:
            code = "timeout" if isinstance(exc, httpx.TimeoutException) else "network"
            raise PlatformError(f"no answer from X ({type(exc).__name__})", code=code, retryable=True)
        try:
            answer = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            answer = None
        answer = answer if isinstance(answer, dict) else {}
        if response.is_success and "data" in answer:
            return answer
        raise _error(response, answer, direct_message=direct_message)


def _uploadable_image(attachment: OutboundAttachment) -> bool:
    return (
        attachment.kind == AttachmentKind.IMAGE
        and attachment.mime_type in UPLOADABLE_IMAGE_TYPES
        and 0 < len(attachment.content) <= MAX_IMAGE_BYTES
    )


def _error(response: httpx.Response, answer: Mapping[str, Any], *, direct_message: bool) -> IntegrationError:
    """X answers problems as `{title, detail, type, status}`, or (with a 200) as `errors[]`."""
    status = response.status_code
    problem: Mapping[str, Any] = answer
    errors = answer.get("errors")
    if not answer.get("type") and isinstance(errors, list) and errors and isinstance(errors[0], dict):
        problem = errors[0]
    detail = str(problem.get("detail") or problem.get("message") or problem.get("title") or f"HTTP {status}")
    kind = str(problem.get("type") or "")
    code = kind.removeprefix(_PROBLEMS) if kind.startswith(_PROBLEMS) else str(status)
    if status == 401 or code == "client-forbidden":
        return CredentialsRejected(detail)
    if status == 429:
        return RateLimited(detail, retry_after=_until_reset(response.headers))
    if status == 403 and direct_message:
        return RecipientBlocked(detail)
    return PlatformError(detail, code=code, retryable=status >= 500)


def _until_reset(headers: Mapping[str, str]) -> float | None:
    reset = headers.get("x-rate-limit-reset", "")
    if reset.isdigit():
        return max(0.0, int(reset) - time.time())
    retry_after = headers.get("retry-after", "")
    return float(retry_after) if retry_after.isdigit() else None


def _data_id(answer: Mapping[str, Any], key: str) -> str:
    data = answer.get("data")
    value = data.get(key) if isinstance(data, dict) else None
    if not value:
        raise PlatformError(f"X answered without data.{key}", code="bad_response")
    return str(value)
