"""Telegram webhooks: no handshake (the bot calls setWebhook) and nothing HMAC-signed; the request
carries the `secret_token` we registered, verbatim, in `X-Telegram-Bot-Api-Secret-Token`."""

from __future__ import annotations

import hmac
import re

from integrations.errors import BadSignature

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")


def is_valid_secret(secret: str) -> bool:
    """What setWebhook accepts as `secret_token`: 1–256 of A-Z a-z 0-9 _ -."""
    return bool(_SECRET_FORMAT.fullmatch(secret))


def verify_secret_token(header: str | None, secret: str) -> None:
    """Constant-time equality of the header with our configured secret; raises `BadSignature`."""
    if not secret:
        raise BadSignature("no secret token configured for this bot")
    if not header:
        raise BadSignature(f"missing {SECRET_HEADER} header")
    if not hmac.compare_digest(header.encode("utf-8", "replace"), secret.encode("utf-8")):
        raise BadSignature(f"{SECRET_HEADER} does not match")
