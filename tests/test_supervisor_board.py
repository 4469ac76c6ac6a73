"""The supervisor board: live queues per team and channel, SLA risk, agents' presence and load."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from accounts.services import member_add, team_create
from inbox import services
from inbox.models import AgentPresence, AssignmentMode, AssignmentPolicy, Case, PresenceStatus
from sla.models import CaseSla
from tests.conftest import client_for
from tests.inbox_helpers import channel_account, ingest

pytestmark = pytest.mark.django_db


def test_the_board_shows_queues_risk_and_load_for_supervisors_of_the_workspace(tenant_a, tenant_b):
    workspace = tenant_a.workspace
    supervisor = member_add(workspace=workspace, email="sup@acme.test", name="Sonia Supervisor", role=Role.SUPERVISOR)
    social = team_create(workspace=workspace, name="Social care", member_ids=[tenant_a.agent.pk])
    AssignmentPolicy.objects.create(workspace=workspace, team=social, mode=AssignmentMode.ROUND_ROBIN, agent_capacity=4)
    whatsapp, api = channel_account(workspace, kind="whatsapp"), channel_account(workspace)
    waiting = ingest(whatsapp, sender="34600000001").case
    answered = ingest(whatsapp, sender="34600000002").case
    no_team = ingest(api, sender="u-3").case
    for case in (waiting, answered):
        services.case_set_team(case=case, team=social, actor=tenant_a.admin)
    services.case_assign(case=answered, assignee=tenant_a.agent, actor=tenant_a.admin)
    services.case_reply(case=Case.objects.get(pk=answered.pk), author=tenant_a.agent, text="¡Hola!")
    CaseSla.objects.update_or_create(case=waiting, defaults={"workspace": workspace, "first_response_status": "breached"})
    CaseSla.objects.update_or_create(case=no_team, defaults={"workspace": workspace, "resolution_status": "at_risk"})
    AgentPresence.objects.update_or_create(
        membership=tenant_a.agent, defaults={"workspace": workspace, "status": PresenceStatus.ONLINE, "connections": 1, "viewing": {str(waiting.pk): 1}}
    )
    ingest(channel_account(tenant_b.workspace), sender="other-tenant")

    client = client_for(supervisor)
    with CaptureQueriesContext(connection) as queries:
        board = client.get("/api/v1/board/").json()
    assert len(queries) <= 14, [q["sql"] for q in queries]
    assert board["totals"] == {"open": 3, "unassigned": 2, "waiting": 2, "at_risk": 1, "breached": 1, "agents_online": 1}
    by_team = {team["name"]: team for team in board["teams"]}
    assert by_team["Social care"] | {"oldest_waiting_since": None} == {
        "id": social.pk, "name": "Social care", "open": 2, "unassigned": 1, "waiting": 1, "oldest_waiting_since": None, "at_risk": 0, "breached": 1,
    }
    assert by_team["Social care"]["oldest_waiting_since"] is not None
    assert (by_team[""]["id"], by_team[""]["open"], by_team[""]["at_risk"]) == (None, 1, 1)
    agent = next(a for a in board["agents"] if a["membership_id"] == tenant_a.agent.pk)
    assert agent | {"name": None, "email": None} == {
        "membership_id": tenant_a.agent.pk, "name": None, "email": None, "role": "agent", "status": "online",
        "open_assigned": 1, "capacity": 4, "viewing_case_ids": [waiting.pk],
    }
    assert board["agents"][0]["membership_id"] == tenant_a.agent.pk  # agents first, online first
    assert {c["kind"]: (c["open"], c["waiting"]) for c in board["channels"]} == {"whatsapp": (2, 1), "api": (1, 1)}

    assert client_for(tenant_a.agent).get("/api/v1/board/").status_code == 403
    assert client_for(tenant_b.admin).get("/api/v1/board/").json()["totals"]["open"] == 1
