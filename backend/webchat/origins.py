"""Which pages may host a widget: the account's `allowed_origins` credential.

A comma-separated list of origins (`https://shop.example.com`), bare hosts
(`shop.example.com`: any scheme), wildcard subdomains (`https://*.example.com`), or `*`.
Empty: any page. Checked on every REST call and at the websocket handshake.
"""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def _parse(value: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) with default ports dropped; scheme '' when the entry has none."""
    value = value.strip().rstrip("/").lower()
    if not value:
        return None
    if "://" not in value:
        value = f"//{value}"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if not host:
        return None
    if port is not None and DEFAULT_PORTS.get(parts.scheme) == port:
        port = None
    return parts.scheme, host, port


def origin_allowed(*, allowed_origins: str, origin: str | None) -> bool:
    entries = [entry.strip() for entry in (allowed_origins or "").split(",") if entry.strip()]
    if not entries or "*" in entries:
        return True
    if not origin or origin == "null":
        return False  # a restricted widget talks only to pages that say where they are
    actual = _parse(origin)
    if actual is None or not actual[0]:
        return False
    scheme, host, port = actual
    for entry in entries:
        wanted = _parse(entry.replace("*.", "wildcard-.", 1))
        if wanted is None:
            continue
        w_scheme, w_host, w_port = wanted
        if w_scheme and w_scheme != scheme:
            continue
        if w_port != port:
            continue
        if w_host.startswith("wildcard-."):
            suffix = w_host.removeprefix("wildcard-")  # ".example.com"
            if host.endswith(suffix) and len(host) > len(suffix):
                return True
        elif w_host == host:
            return True
    return False
