"""Timestamps at the edge: every platform's unit (ms int, s int, s string) → aware UTC datetime."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from integrations.errors import MalformedPayload

# 10^11 seconds is the year 5138, 10^11 ms is 1973: anything at or above it is milliseconds.
_MS_THRESHOLD = 100_000_000_000


def _as_int(value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise MalformedPayload("expected a Unix timestamp, got boolean", where)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        raise MalformedPayload(f"expected a Unix timestamp, got {value!r}", where)
    if number <= 0:
        raise MalformedPayload(f"timestamp must be positive, got {number}", where)
    return number


def from_seconds(value: Any, where: str) -> datetime:
    """Unix seconds given as int or digit string (WhatsApp: string; Telegram: int)."""
    number = _as_int(value, where)
    if number >= _MS_THRESHOLD:
        raise MalformedPayload(f"expected Unix seconds, got {number} (milliseconds?)", where)
    return datetime.fromtimestamp(number, tz=UTC)


def from_millis(value: Any, where: str) -> datetime:
    """Unix milliseconds given as int or digit string (Messenger/Instagram messaging, X)."""
    number = _as_int(value, where)
    if number < _MS_THRESHOLD:
        raise MalformedPayload(f"expected Unix milliseconds, got {number} (seconds?)", where)
    return datetime.fromtimestamp(number / 1000, tz=UTC)


def from_meta(value: Any, where: str) -> datetime:
    """Meta's mixed units: messaging timestamps are int ms, the wrapped `{field, value}` shape and
    IG change notifications use seconds (sometimes as strings). Decided by magnitude."""
    number = _as_int(value, where)
    return datetime.fromtimestamp(number / 1000 if number >= _MS_THRESHOLD else number, tz=UTC)
