"""Graph API sending shared by Messenger, Instagram and WhatsApp Cloud.

`GraphSession` is one authenticated connection to `https://graph.facebook.com/<version>` (or a
local fake): it sends the token as `Authorization: Bearer` (never in the URL, so it stays out of
logs), adds `appsecret_proof` when the app secret is known, and turns every refusal into the typed
errors of `integrations.errors`:

| Graph says                                              | we raise                          |
|---------------------------------------------------------|-----------------------------------|
| 190 (also 102, 104, a bad `appsecret_proof`)            | CredentialsRejected               |
| 551, WhatsApp 131026 (undeliverable)                    | RecipientBlocked                  |
| 10/200/230 worded "outside … window", 2018278, 2534022  | MessagingWindowClosed             |
| WhatsApp 131047 (re-engagement)                         | TemplateRequired                  |
| 4, 17, 32, 613, 80007, 130429, 131056, HTTP 429         | RateLimited (Retry-After if any)  |
| HTTP 5xx, `is_transient`, 1, 2, 131016, timeouts, I/O   | PlatformError(retryable=True)     |
| anything else                                           | GraphError (a PlatformError)      |
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from integrations.errors import (
    CredentialsRejected,
    IntegrationError,
    MessagingWindowClosed,
    PlatformError,
    RateLimited,
    RecipientBlocked,
    TemplateRequired,
)
from integrations.http import http_client
from integrations.outbound import HttpPlatformClient, OutboundAttachment

DEFAULT_BASE_URL = "https://graph.facebook.com/v21.0"

# Messenger/Instagram: `OutboundMessage.recipient_external_id = private_reply_recipient(comment_id)`
# sends a private reply to a comment (`recipient{comment_id}`) instead of a DM to a user id.
PRIVATE_REPLY_PREFIX = "comment:"

_CREDENTIAL_CODES = {102, 104, 190}
_BLOCKED_CODES = {551, 131026}
_WINDOW_CODES = {10, 200, 230}
_WINDOW_SUBCODES = {2018278, 2534022}
_TEMPLATE_CODES = {131047}
_RATE_CODES = {4, 17, 32, 613, 80007, 130429, 131056}
_TRANSIENT_CODES = {1, 2, 131016}
_WINDOW_WORDING = re.compile(r"outside (of )?(the )?(allowed|messaging|24[- ]hour) window|24[- ]hour", re.IGNORECASE)


def private_reply_recipient(comment_id: str) -> str:
    """The `recipient_external_id` that makes Messenger/Instagram send a private reply to a comment."""
    return f"{PRIVATE_REPLY_PREFIX}{comment_id}"


def appsecret_proof(access_token: str, app_secret: str) -> str:
    """HMAC-SHA256 of the access token keyed by the app secret (hex), as Graph expects it."""
    return hmac.new(app_secret.encode("utf-8"), access_token.encode("utf-8"), hashlib.sha256).hexdigest()


def text_with_links(text: str, attachments: tuple[OutboundAttachment, ...]) -> str:
    """Where a surface cannot carry files (comment replies), the files' URLs go on lines after the text."""
    return "\n".join(part for part in (text, *(a.url for a in attachments)) if part)


class GraphError(PlatformError):
    """A Graph refusal with no more specific type; keeps Graph's own code, subcode and trace id."""

    def __init__(
        self, detail: str, *, code: str = "", retryable: bool = False, subcode: int | None = None, fbtrace_id: str = ""
    ) -> None:
        super().__init__(detail, code=code, retryable=retryable)
        self.subcode = subcode
        self.fbtrace_id = fbtrace_id


class GraphSession:
    """Authenticated JSON calls to the Graph API for one access token.

    Returns the decoded JSON object of a 2xx answer; raises the typed errors above otherwise
    (including for timeouts and connection failures, as retryable `PlatformError`s). Does not retry:
    the outbound job decides, using `RateLimited.retry_after` and `PlatformError.retryable`.
    """

    def __init__(
        self,
        *,
        base_url: str,
        access_token: str,
        app_secret: str = "",
        http: httpx.Client | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not access_token:
            raise CredentialsRejected("no access token configured for this channel account")
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self._token = access_token
        self._proof = appsecret_proof(access_token, app_secret) if app_secret else ""
        self._own_http = http is None
        self._http = http if http is not None else http_client()
        self._timeout = timeout

    def close(self) -> None:
        if self._own_http:
            self._http.close()

    def get(self, path: str, *, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        return self._call("GET", path, params=dict(params or {}))

    def post(self, path: str, *, json_body: Mapping[str, Any]) -> dict[str, Any]:
        return self._call("POST", path, json_body=json_body)

    def _call(self, method: str, path: str, *, params: dict[str, str] | None = None, json_body: Any = None) -> dict[str, Any]:
        query = dict(params or {})
        if self._proof:
            query["appsecret_proof"] = self._proof
        try:
            response = self._http.request(
                method,
                f"{self.base_url}/{path.lstrip('/')}",
                params=query or None,
                json=json_body,
                headers={"Authorization": f"Bearer {self._token}"},
                timeout=self._timeout,
            )
        except httpx.HTTPError as exc:
            raise transport_error(exc)
        return decode_response(response)


class GraphClient(HttpPlatformClient):
    """A platform client speaking to the Graph API through one `GraphSession` (`self._graph`), made
    from the credential `token_credential` and the `app_secret`; `close()` closes the session."""

    def _open(self, credentials: Mapping[str, str], *, base_url: str, http: httpx.Client | None, timeout: float) -> None:
        self._graph = GraphSession(
            base_url=base_url,
            access_token=credentials.get(self.token_credential, ""),
            app_secret=credentials.get("app_secret", ""),
            http=http,
            timeout=timeout,
        )

    def close(self) -> None:
        self._graph.close()


def transport_error(exc: httpx.HTTPError) -> PlatformError:
    """Timeouts and connection failures: nothing (or nothing readable) came back, so try again later.
    The message names the exception class only: httpx's text may hold a URL with a token in it."""
    code = "timeout" if isinstance(exc, httpx.TimeoutException) else "network"
    return PlatformError(f"no answer from the platform ({type(exc).__name__})", code=code, retryable=True)


def decode_response(response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a successful answer, or the typed error of a refusal."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    if response.is_success and isinstance(data, dict) and "error" not in data:
        return data
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict):
        if response.is_success:
            raise PlatformError("unreadable answer from the Graph API", code=str(response.status_code))
        error = {}
    raise error_from_graph(response.status_code, error, response.headers)


def error_from_graph(status: int, error: Mapping[str, Any], headers: Mapping[str, str]) -> IntegrationError:
    """Map Graph's `{"error": {message, type, code, error_subcode, fbtrace_id, error_data}}` (and the
    HTTP status it came with) to a typed error."""
    code = _int(error.get("code"))
    subcode = _int(error.get("error_subcode"))
    message = str(error.get("message") or f"HTTP {status}")
    details = error.get("error_data", {}).get("details") if isinstance(error.get("error_data"), dict) else None
    if details:
        message = f"{message}: {details}"
    trace = str(error.get("fbtrace_id") or "")
    where = ", ".join(part for part in (f"subcode {subcode}" if subcode else "", f"fbtrace_id {trace}" if trace else "") if part)
    detail = f"{message} ({where})" if where else message

    if code in _CREDENTIAL_CODES or "appsecret_proof" in message:
        return CredentialsRejected(detail)
    if code in _TEMPLATE_CODES:
        return TemplateRequired(detail)
    if subcode in _WINDOW_SUBCODES or (code in _WINDOW_CODES and _WINDOW_WORDING.search(message)):
        return MessagingWindowClosed(detail)
    if code in _BLOCKED_CODES:
        return RecipientBlocked(detail)
    if code in _RATE_CODES or status == 429:
        return RateLimited(detail, retry_after=retry_after_seconds(headers))
    retryable = status >= 500 or error.get("is_transient") is True or code in _TRANSIENT_CODES
    return GraphError(
        detail, code=str(code if code is not None else status), retryable=retryable, subcode=subcode, fbtrace_id=trace
    )


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """`Retry-After` (seconds or an HTTP date); else Meta's business-use-case usage header, whose
    `estimated_time_to_regain_access` is in minutes. None when the platform gave no hint."""
    value = headers.get("retry-after")
    if value:
        value = value.strip()
        if value.replace(".", "", 1).isdigit():
            return float(value)
        try:
            return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            pass
    usage = headers.get("x-business-use-case-usage")
    if usage:
        try:
            minutes = [
                float(item.get("estimated_time_to_regain_access") or 0)
                for items in json.loads(usage).values()
                for item in items
                if isinstance(item, dict)
            ]
        except (ValueError, AttributeError, TypeError):
            minutes = []
        if minutes and max(minutes) > 0:
            return max(minutes) * 60
    return None


def with_sent_ids(error: IntegrationError, sent_external_ids: list[str]) -> IntegrationError:
    """A multi-part send (text, then each attachment) failed after some parts went out: say which,
    so a retry can skip them instead of sending the customer the same text twice."""
    error.sent_external_ids = tuple(sent_external_ids)  # type: ignore[attr-defined]
    return error


def answer_id(answer: Mapping[str, Any], key: str) -> str:
    """The id Graph returned under `key`; a 2xx without it is a platform fault, not a success."""
    value = answer.get(key)
    if value is None or value == "":
        raise PlatformError(f"the Graph API answered without {key!r}", code="bad_response")
    return str(value)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
