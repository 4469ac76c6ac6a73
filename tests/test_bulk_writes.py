"""core.bulk: rows written in one statement read back exactly as the ORM would have saved them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from channel_accounts.models import ChannelAccount
from core.bulk import insert_rows, json_text, update_rows
from core.models import RealtimeEvent
from sla.models import SlaPolicy
from tests.conftest import make_tenant

pytestmark = pytest.mark.django_db


class _Moment(datetime):
    """A datetime subclass (as time-freezing libraries hand out)."""


def test_json_text_reads_like_the_stdlib_json():
    value = {
        1: "int keys become strings",
        "text": "zażółć gęślą jaźń — ¿qué?",
        "at": datetime(2026, 11, 23, 3, 17, 0, 250, tzinfo=UTC),
        "warsaw": datetime(2026, 11, 23, 4, 17, tzinfo=ZoneInfo("Europe/Warsaw")),
        "share": Decimal("0.80"),
        "window": timedelta(days=7, seconds=1),
        "subclass": _Moment(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "nested": [{"none": None, "flag": True}],
    }
    assert json.loads(json_text(value)) == {
        "1": "int keys become strings",
        "text": "zażółć gęślą jaźń — ¿qué?",
        "at": "2026-11-23T03:17:00.000250+00:00",
        "warsaw": "2026-11-23T04:17:00+01:00",
        "share": "0.80",
        "window": "604801.0 seconds",
        "subclass": "2026-01-02T03:04:05+00:00",
        "nested": [{"none": None, "flag": True}],
    }
    with pytest.raises(TypeError):
        json_text({"a set": {1, 2}})


def test_inserted_and_updated_rows_read_back_as_written():
    tenant = make_tenant("bulk")
    now = timezone.now()
    events = [
        RealtimeEvent(workspace=tenant.workspace, type="case.updated", payload={"text": "¡hola! cześć", "n": 1}, groups=["a", "b"]),
        RealtimeEvent(workspace=tenant.workspace, type="message.created", payload={"ids": [1, 2]}, groups=[]),
        # Array items that array literals would have to quote: read from JSON, they need not be.
        RealtimeEvent(workspace=tenant.workspace, type="case.tagged", payload={}, groups=['a,b', 'c"d', "{x}", "NULL", "ż\\"]),
    ]
    keys = insert_rows(RealtimeEvent, events, now)
    assert [event.seq for event in events] == [seq for (seq,) in keys]
    stored = list(RealtimeEvent.objects.filter(seq__in=[event.seq for event in events]).order_by("seq"))
    assert [(event.type, event.payload, event.groups, event.created_at) for event in stored] == [
        ("case.updated", {"text": "¡hola! cześć", "n": 1}, ["a", "b"], now),
        ("message.created", {"ids": [1, 2]}, [], now),
        ("case.tagged", {}, ['a,b', 'c"d', "{x}", "NULL", "ż\\"], now),
    ]

    policy = SlaPolicy.objects.create(workspace=tenant.workspace, name="Bulk")
    policy.at_risk_share = Decimal("0.65")
    later = now + timedelta(minutes=1)
    update_rows(SlaPolicy, [policy], ["at_risk_share"], later)
    policy.refresh_from_db()
    assert (policy.at_risk_share, policy.updated_at) == (Decimal("0.65"), later)

    account = ChannelAccount.objects.create(workspace=tenant.workspace, kind="telegram", name="Bulk bot", external_id="bulk-bot")
    account.reopen_window = timedelta(days=3, hours=2)
    update_rows(ChannelAccount, [account], ["reopen_window"], later)
    account.refresh_from_db()
    assert account.reopen_window == timedelta(days=3, hours=2)
