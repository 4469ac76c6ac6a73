"""X webhooks: the `crc_token` GET challenge and `x-twitter-webhooks-signature` over the raw body.
Both are HMAC-SHA256 with the app's consumer (API) secret, **base64** (not hex like Meta)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from integrations.errors import BadSignature, HandshakeRejected

SIGNATURE_HEADER = "x-twitter-webhooks-signature"
_PREFIX = "sha256="


def _digest(secret: str, message: bytes) -> str:
    return _PREFIX + base64.b64encode(hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()).decode("ascii")


def crc_response(crc_token: str | None, consumer_secret: str) -> dict[str, str]:
    """Answer to `GET ?crc_token=…`: `{"response_token": "sha256=<base64 HMAC>"}` (reply within 3 s)."""
    if not consumer_secret:
        raise HandshakeRejected("no consumer secret configured for this channel")
    if not crc_token:
        raise HandshakeRejected("crc_token is missing")
    return {"response_token": _digest(consumer_secret, crc_token.encode("utf-8"))}


def sign(raw: bytes, consumer_secret: str) -> str:
    return _digest(consumer_secret, raw)


def verify_signature(raw: bytes, header: str | None, consumer_secret: str) -> None:
    """Constant-time check of the signature header against the exact request bytes; raises `BadSignature`."""
    if not consumer_secret:
        raise BadSignature("no consumer secret configured for this channel")
    if not header:
        raise BadSignature(f"missing {SIGNATURE_HEADER} header")
    if not header.startswith(_PREFIX):
        raise BadSignature(f"{SIGNATURE_HEADER} must start with {_PREFIX!r}")
    if not hmac.compare_digest(header.strip().encode("ascii", "replace"), sign(bytes(raw), consumer_secret).encode("ascii")):
        raise BadSignature(f"{SIGNATURE_HEADER} does not match the body")
