"""Reports read append-only reporting events; these tests pin which facts get recorded."""

from __future__ import annotations

import pytest

from inbox import services as inbox_services
from reports.models import ReportingEvent
from sla import services as sla_services
from tests.inbox_helpers import channel_account, ingest
from tests.test_sla_engine import HOUR, clock, madrid, office_calendar, sla_policy  # noqa: F401  (clock is a fixture)

pytestmark = pytest.mark.django_db


def kinds():
    return list(ReportingEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_sla_breach_and_met_become_reporting_events(tenant_a, clock):  # noqa: F811
    account = channel_account(tenant_a.workspace)
    sla_policy(tenant_a.workspace, office_calendar(tenant_a.workspace), first_response_seconds=HOUR)
    late = ingest(account, at=madrid(2026, 11, 20, 16, 30)).case
    sla_services.sla_sweep(now=madrid(2026, 11, 23, 9, 31))
    sla_services.sla_events_dispatch()
    breach = ReportingEvent.objects.get(kind="sla_breached")
    assert (breach.case_id, breach.channel_kind, breach.data["target"]) == (late.pk, "api", "first_response")
    assert breach.value_seconds == -60

    on_time = ingest(account, at=madrid(2026, 11, 24, 10, 0), sender="someone-else").case
    clock.set(madrid(2026, 11, 24, 10, 5))
    inbox_services.case_reply(case=on_time, author=tenant_a.agent, text="Hola")
    met = ReportingEvent.objects.get(kind="sla_met", case_id=on_time.pk)
    assert met.value_seconds == 55 * 60 and met.data["target"] == "first_response"
