"""Channel credentials encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256, from `cryptography`).

Keys come from `settings.CREDENTIALS_KEYS` (env `CREDENTIALS_KEYS`, comma-separated Fernet keys,
newest first: old keys keep decrypting while `credentials_reencrypt` moves rows to the newest).
Without it, one key is derived from SECRET_KEY so the embedded default works with no setup; a
deployment should set its own and keep it out of the database's backups.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class CredentialsUnreadable(Exception):
    """The stored ciphertext does not open with any configured key (keys rotated away or lost)."""


def derived_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(f"dialogo-credentials:{secret}".encode()).digest())


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _keys() -> tuple[str, ...]:
    configured = tuple(key.strip() for key in getattr(settings, "CREDENTIALS_KEYS", ()) if key.strip())
    return configured or (derived_key(settings.SECRET_KEY).decode(),)


def credentials_encrypt(credentials: dict[str, str]) -> str:
    if not credentials:
        return ""
    return _fernet(_keys()).encrypt(json.dumps(credentials, sort_keys=True).encode()).decode("ascii")


def credentials_decrypt(ciphertext: str) -> dict[str, str]:
    if not ciphertext:
        return {}
    try:
        return json.loads(_fernet(_keys()).decrypt(ciphertext.encode("ascii")))
    except InvalidToken as exc:
        raise CredentialsUnreadable("channel credentials do not decrypt with any configured key") from exc


def credentials_rotate(ciphertext: str) -> str:
    """Re-encrypt with the newest key (no-op for empty)."""
    return _fernet(_keys()).rotate(ciphertext.encode("ascii")).decode("ascii") if ciphertext else ""
