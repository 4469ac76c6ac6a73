"""Downloading a message's media before the platform's link expires.

Platforms hand us media three ways: a plain (expiring) CDN URL (Messenger, Instagram, X), a
WhatsApp media id (`whatsapp-media:<id>`: ask the Graph API for a short-lived URL, then
download it with the same token), or a Telegram file id (`telegram-file:<id>`: `getFile`, then
`/file/bot<token>/<file_path>`). `media_download` resolves whichever it is and returns the bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from integrations.errors import CredentialsRejected, PlatformError
from integrations.http import http_client

MAX_MEDIA_BYTES = 25 * 1024 * 1024  # Meta's attachment limit; Telegram bots may download up to 20 MB
WHATSAPP_MEDIA_PREFIX = "whatsapp-media:"
TELEGRAM_FILE_PREFIX = "telegram-file:"


@dataclass(frozen=True, slots=True)
class Media:
    content: bytes
    mime_type: str


def is_downloadable(url: str) -> bool:
    return url.startswith(("http://", "https://", WHATSAPP_MEDIA_PREFIX, TELEGRAM_FILE_PREFIX))


def media_download(url: str, *, credentials: Mapping[str, str], base_url: str, http: httpx.Client | None = None) -> Media:
    """The bytes behind `url`. Raises PlatformError (retryable for 5xx/timeouts), CredentialsRejected."""
    client = http or http_client(timeout=30, follow_redirects=True)
    try:
        if url.startswith(WHATSAPP_MEDIA_PREFIX):
            token = credentials.get("access_token", "")
            auth = {"Authorization": f"Bearer {token}"}
            meta = _get(client, f"{base_url.rstrip('/')}/{url.removeprefix(WHATSAPP_MEDIA_PREFIX)}", headers=auth).json()
            return _download(client, meta["url"], headers=auth, mime_type=meta.get("mime_type", ""))
        if url.startswith(TELEGRAM_FILE_PREFIX):
            token = credentials.get("bot_token", "")
            root = base_url.rstrip("/")
            found = _get(client, f"{root}/bot{token}/getFile", params={"file_id": url.removeprefix(TELEGRAM_FILE_PREFIX)}).json()
            return _download(client, f"{root}/file/bot{token}/{found['result']['file_path']}")
        return _download(client, url)
    except (KeyError, TypeError, ValueError) as exc:
        raise PlatformError(f"unexpected media lookup answer: {exc}") from exc
    except httpx.TimeoutException as exc:
        raise PlatformError(f"media download timed out: {exc}", retryable=True) from exc
    except httpx.TransportError as exc:
        raise PlatformError(f"media download failed: {exc}", retryable=True) from exc
    finally:
        if http is None:
            client.close()


def _get(client: httpx.Client, url: str, **kwargs) -> httpx.Response:
    response = client.get(url, **kwargs)
    if response.status_code in (401, 403):
        raise CredentialsRejected(f"media lookup refused with {response.status_code}")
    if response.status_code >= 400:
        raise PlatformError(
            f"media lookup answered {response.status_code}", code=str(response.status_code), retryable=response.status_code >= 500
        )
    return response


def _download(client: httpx.Client, url: str, *, headers: Mapping[str, str] | None = None, mime_type: str = "") -> Media:
    with client.stream("GET", url, headers=headers) as response:
        if response.status_code >= 400:
            raise PlatformError(
                f"media download answered {response.status_code}",
                code=str(response.status_code),
                retryable=response.status_code >= 500,
            )
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_MEDIA_BYTES:
                raise PlatformError(f"media larger than {MAX_MEDIA_BYTES} bytes", code="too_large")
            chunks.append(chunk)
        return Media(content=b"".join(chunks), mime_type=mime_type or response.headers.get("content-type", "").split(";")[0])
