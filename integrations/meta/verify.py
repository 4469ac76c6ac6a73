"""Meta webhooks: the `hub.*` GET handshake and `X-Hub-Signature-256` over the raw body."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from integrations.errors import BadSignature, HandshakeRejected

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="


def _bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def verify_handshake(query: Mapping[str, str], verify_token: str) -> str:
    """Check Meta's subscription GET (`hub.mode=subscribe`, `hub.verify_token`, `hub.challenge`) and
    return the challenge to answer with (200, body = challenge). Raises `HandshakeRejected` (→ 403)."""
    if not verify_token:
        raise HandshakeRejected("no verify token configured for this channel")
    mode = query.get("hub.mode")
    if mode != "subscribe":
        raise HandshakeRejected(f"hub.mode must be 'subscribe', got {mode!r}")
    token = query.get("hub.verify_token") or ""
    if not hmac.compare_digest(_bytes(token), _bytes(verify_token)):
        raise HandshakeRejected("hub.verify_token does not match")
    challenge = query.get("hub.challenge")
    if not challenge:
        raise HandshakeRejected("hub.challenge is missing")
    return challenge


def sign(raw: bytes, app_secret: str | bytes) -> str:
    """The header value Meta sends for `raw`: `sha256=<lowercase hex HMAC-SHA256>` (simulator, tests)."""
    return _PREFIX + hmac.new(_bytes(app_secret), raw, hashlib.sha256).hexdigest()


def verify_signature(raw: bytes, header: str | None, app_secret: str | bytes) -> None:
    """Check `X-Hub-Signature-256` against the exact request bytes (never re-serialized JSON).
    Constant-time compare; raises `BadSignature`."""
    if not app_secret:
        raise BadSignature("no app secret configured for this channel")
    if not header:
        raise BadSignature(f"missing {SIGNATURE_HEADER} header")
    if not header.startswith(_PREFIX):
        raise BadSignature(f"{SIGNATURE_HEADER} must start with {_PREFIX!r}")
    expected = sign(bytes(raw), app_secret)
    if not hmac.compare_digest(header.strip().lower().encode("ascii", "replace"), expected.encode("ascii")):
        raise BadSignature(f"{SIGNATURE_HEADER} does not match the body")
