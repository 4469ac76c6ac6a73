"""Inbound email webhooks: what each transport lets us check.

* **Mailgun** (Routes `forward()`): the form fields `timestamp`, `token` and `signature`, where
  `signature` = hex HMAC-SHA256(key = the HTTP webhook signing key, msg = timestamp + token). The
  body itself is *not* signed, so the timestamp must also be fresh (default: within 120 s either
  way, like Rails' ingress) and the caller must remember `token`s for `MAILGUN_TOKEN_KEEP` seconds
  to refuse replays (a captured request's proof would otherwise carry any other body).
* **Our own webhook** (`POST /webhooks/email/<id>/` with the message as the body, used by the
  simulator, a `procmail`/`fetchmail` pipe — or SendGrid's Inbound Parse form, which is unsigned):
  the channel account's `inbound_secret`, verbatim, in the `X-Dialogo-Webhook-Secret` header (or as
  the HTTP Basic password, for services that can only put credentials in the URL:
  `https://dialogo:<secret>@host/…`), compared in constant time.

`integrations.email.esp` takes the message out of the providers' forms.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from integrations.errors import BadSignature

INBOUND_SECRET_HEADER = "X-Dialogo-Webhook-Secret"
MAILGUN_MAX_AGE = 120  # seconds
# A timestamp passes up to MAILGUN_MAX_AGE either side of our clock, so a token first seen now can
# come back with a passing timestamp for twice that (and a minute for clocks that drift).
MAILGUN_TOKEN_KEEP = 2 * MAILGUN_MAX_AGE + 60  # seconds


def sign_mailgun(timestamp: str | int, token: str, signing_key: str) -> str:
    """Mailgun's `signature` for (`timestamp`, `token`): for tests and the traffic simulator."""
    return hmac.new(signing_key.encode("utf-8"), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()


def verify_mailgun(
    timestamp: str | int | None,
    token: str | None,
    signature: str | None,
    signing_key: str,
    *,
    now: datetime | float,
    max_age: float = MAILGUN_MAX_AGE,
) -> None:
    """Check a Mailgun webhook's signature and freshness; raises `BadSignature` with the reason.

    `now` is an aware datetime or Unix seconds (passed in, so the check is testable and uses the
    caller's clock). Replays inside `max_age` are the caller's to stop (cache seen tokens)."""
    if not signing_key:
        raise BadSignature("no Mailgun signing key configured for this mailbox")
    if timestamp is None or not token or not signature:
        raise BadSignature("missing Mailgun timestamp, token or signature")
    stamp = str(timestamp).strip()
    if not (stamp.isascii() and stamp.isdigit()):
        raise BadSignature(f"Mailgun timestamp is not Unix seconds: {stamp!r}")
    current = now.timestamp() if isinstance(now, datetime) else float(now)
    age = current - int(stamp)
    if abs(age) > max_age:
        raise BadSignature(f"Mailgun timestamp is {age:.0f} s off (allowed: {max_age:g} s)")
    expected = sign_mailgun(stamp, token, signing_key)
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().lower().encode("utf-8", "replace")):
        raise BadSignature("Mailgun signature does not match")


def verify_shared_secret(header_value: str | None, secret: str) -> None:
    """Constant-time equality of `X-Dialogo-Webhook-Secret` with the mailbox's `inbound_secret`."""
    if not secret:
        raise BadSignature("no inbound secret configured for this mailbox")
    if not header_value:
        raise BadSignature(f"missing {INBOUND_SECRET_HEADER} header")
    if not hmac.compare_digest(header_value.encode("utf-8", "replace"), secret.encode("utf-8")):
        raise BadSignature(f"{INBOUND_SECRET_HEADER} does not match")
