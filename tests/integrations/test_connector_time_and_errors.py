"""Timestamp units at the edge, and the shared typed errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from integrations._time import from_meta, from_millis, from_seconds
from integrations.errors import (
    IntegrationError,
    MalformedPayload,
    MessagingWindowClosed,
    RateLimited,
    RecipientBlocked,
    TemplateRequired,
    UnknownEvent,
)

INSTANT = datetime(2025, 11, 22, 14, 2, 3, tzinfo=UTC)


def test_milliseconds_int_and_string():
    assert from_millis(1763820123000, "$.t") == INSTANT
    assert from_millis("1763820123000", "$.t") == INSTANT  # X sends ms as strings
    assert from_millis(1763820123456, "$.t").microsecond == 456000


def test_seconds_int_and_string():
    assert from_seconds(1763820123, "$.t") == INSTANT  # Telegram
    assert from_seconds("1763820123", "$.t") == INSTANT  # WhatsApp


def test_meta_mixed_units_are_decided_by_magnitude():
    assert from_meta(1763820123000, "$.t") == INSTANT
    assert from_meta("1763820123", "$.t") == INSTANT
    assert from_meta(1763820123, "$.t") == INSTANT


@pytest.mark.parametrize(
    ("fn", "value"),
    [
        (from_seconds, 1763820123000),  # ms where seconds are documented
        (from_millis, 1763820123),  # s where ms are documented
        (from_seconds, True),
        (from_seconds, -5),
        (from_seconds, 0),
        (from_seconds, "2025-11-22T14:02:03+0000"),  # ISO strings are not Meta's format
        (from_meta, 1.5),
        (from_meta, None),
    ],
)
def test_wrong_units_or_types_are_malformed(fn, value):
    with pytest.raises(MalformedPayload) as info:
        fn(value, "$.entry[0].time")
    assert info.value.where == "$.entry[0].time"


def test_errors_share_a_base_and_carry_details():
    limited = RateLimited("Telegram 429", retry_after=17)
    assert limited.retry_after == 17 and "retry after 17 s" in str(limited)
    assert RateLimited().retry_after is None
    assert issubclass(TemplateRequired, MessagingWindowClosed)
    unknown = UnknownEvent("hologram", "$.entry[0]")
    assert (unknown.event_type, unknown.where) == ("hologram", "$.entry[0]")
    malformed = MalformedPayload("missing required field 'mid'", "$.entry[0].messaging[0].message")
    assert str(malformed) == "missing required field 'mid' at $.entry[0].messaging[0].message"
    for error in (limited, unknown, malformed, TemplateRequired(), RecipientBlocked()):
        assert isinstance(error, IntegrationError)
