"""The SLA clock on case list rows: the list API carries each row's next deadline (target,
due_at, state), fetched once for the whole page, so the client never asks per row."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from inbox import services
from inbox.models import CaseStatus
from tests.conftest import client_for
from tests.inbox_helpers import channel_account, ingest
from tests.test_sla_engine import HOUR, sla_policy

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def rows_by_id(client, **params) -> dict[int, dict]:
    response = client.get(CASES, params)
    assert response.status_code == 200, response.json()
    return {row["id"]: row for row in response.json()["results"]}


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_rows_carry_the_next_deadline_and_its_state(tenant_a):
    # Wall time, around the clock: first response in 1 h (at risk at 80 %), resolution in 8 h.
    sla_policy(tenant_a.workspace, None, first_response_seconds=HOUR, first_response_business=False,
               resolution_seconds=8 * HOUR, resolution_business=False)
    account = channel_account(tenant_a.workspace)
    now = timezone.now()
    fresh = ingest(account, sender="fresh", at=now - timedelta(minutes=10)).case
    risky = ingest(account, sender="risky", at=now - timedelta(minutes=55)).case
    late = ingest(account, sender="late", at=now - timedelta(hours=2)).case
    paused = ingest(account, sender="paused", at=now - timedelta(minutes=20)).case
    services.case_set_status(case=paused, status=CaseStatus.PENDING, actor=tenant_a.admin)

    rows = rows_by_id(client_for(tenant_a.agent), status="open")

    sla = rows[fresh.pk]["sla"]
    assert sla["target"] == "first_response" and sla["state"] == "on_track"
    assert abs(instant(sla["due_at"]) - (now + timedelta(minutes=50))) < timedelta(seconds=5)
    assert instant(sla["at_risk_at"]) < instant(sla["due_at"]) and sla["remaining_seconds"] is None
    assert rows[risky.pk]["sla"]["state"] == "at_risk"
    # Past its deadline before the sweep has run: still shown as breached.
    assert rows[late.pk]["sla"] == {**rows[late.pk]["sla"], "target": "first_response", "state": "breached"}
    # Paused: no deadline, the time left frozen.
    sla = rows[paused.pk]["sla"]
    assert sla["state"] == "paused" and sla["due_at"] is None and 39 * 60 <= sla["remaining_seconds"] <= 40 * 60


def test_an_answered_clock_gives_way_to_the_next_one_and_no_policy_means_none(tenant_a, tenant_b):
    sla_policy(tenant_a.workspace, None, first_response_seconds=HOUR, first_response_business=False,
               resolution_seconds=8 * HOUR, resolution_business=False)
    case = ingest(channel_account(tenant_a.workspace), sender="ana", at=timezone.now() - timedelta(minutes=5)).case
    services.case_reply(case=case, author=tenant_a.agent, text="On it")
    client = client_for(tenant_a.agent)
    assert rows_by_id(client)[case.pk]["sla"]["target"] == "resolution"

    # The case screen and an action's answer carry the same clock as the row.
    detail = client.get(f"{CASES}{case.pk}/").json()
    assert detail["sla"] == rows_by_id(client)[case.pk]["sla"]
    assigned = client.post(f"{CASES}{case.pk}/assign/", {"assignee_id": tenant_a.agent.pk}, format="json")
    assert assigned.status_code == 200 and assigned.json()["sla"]["target"] == "resolution"

    # A workspace with no SLA policy: rows say so, they do not fail.
    other = ingest(channel_account(tenant_b.workspace), sender="bob").case
    assert rows_by_id(client_for(tenant_b.agent))[other.pk]["sla"] is None
