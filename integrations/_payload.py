"""Reading untrusted JSON: every failure becomes a `MalformedPayload` naming the JSON path."""

from __future__ import annotations

import json
from typing import Any

from integrations.errors import MalformedPayload, UnknownEvent

_MISSING = object()


def load_json(raw: bytes) -> dict[str, Any]:
    """Decode the exact request bytes into a JSON object (the signature was checked on these bytes)."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise TypeError("parse the raw request bytes, not a decoded object")
    try:
        data = json.loads(bytes(raw).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MalformedPayload(f"body is not UTF-8 ({exc.reason} at byte {exc.start})")
    except json.JSONDecodeError as exc:
        raise MalformedPayload(f"body is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
    if not isinstance(data, dict):
        raise MalformedPayload(f"expected a JSON object, got {type(data).__name__}")
    return data


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {dict: "object", list: "array", str: "string", int: "integer", float: "number", bool: "boolean"}
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(names.get(t, t.__name__) for t in types)


def req(obj: dict[str, Any], key: str, expected: type | tuple[type, ...], where: str) -> Any:
    """`obj[key]`, which must exist and be of `expected` type (bools are not integers)."""
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        raise MalformedPayload(f"missing required field {key!r}", where)
    return _check(value, expected, f"{where}.{key}")


def opt(obj: dict[str, Any], key: str, expected: type | tuple[type, ...], where: str, default: Any = None) -> Any:
    """`obj[key]` if present (and not null), checked like `req`; else `default`."""
    value = obj.get(key, _MISSING)
    if value is _MISSING or value is None:
        return default
    return _check(value, expected, f"{where}.{key}")


def _check(value: Any, expected: type | tuple[type, ...], where: str) -> Any:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        raise MalformedPayload(f"expected {_type_name(expected)}, got boolean", where)
    if not isinstance(value, types):
        raise MalformedPayload(f"expected {_type_name(expected)}, got {type(value).__name__}", where)
    return value


def objects(obj: dict[str, Any], key: str, where: str, *, required: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """The objects of array `obj[key]`, each with its JSON path (`where.key[i]`)."""
    items = req(obj, key, list, where) if required else opt(obj, key, list, where, [])
    out = []
    for index, item in enumerate(items):
        path = f"{where}.{key}[{index}]"
        out.append((path, _check(item, dict, path)))
    return out


def id_str(obj: dict[str, Any], key: str, where: str) -> str:
    """A platform id: JSON string or integer (Telegram chat ids, some Meta test ids), as a string."""
    value = req(obj, key, (str, int), where)
    text = str(value)
    if not text:
        raise MalformedPayload(f"empty id {key!r}", where)
    return text


def check_unknown(unknown: str) -> None:
    if unknown not in ("ignore", "raise"):
        raise ValueError("unknown must be 'ignore' or 'raise'")


def unknown_event(unknown: str, event_type: str, where: str) -> UnknownEvent:
    """The error for an unknown type; raised right away when the caller asked for `unknown='raise'`."""
    error = UnknownEvent(event_type, where)
    if unknown == "raise":
        raise error
    return error
