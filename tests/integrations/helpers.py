"""Fixture loading for the connector tests: payloads are read byte-exact (they are signed as stored)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
APP_SECRET = "4f1c8e2b9a7d6350e1f2a3b4c5d6e7f8"  # test-only Meta app secret
OTHER_SECRET = "0000000000000000000000000000beef"


def fixture(platform: str, name: str) -> bytes:
    return (FIXTURES / platform / f"{name}.json").read_bytes()


def fixture_names(platform: str) -> list[str]:
    return sorted(path.stem for path in (FIXTURES / platform).glob("*.json"))


def ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def s(value: int) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)
