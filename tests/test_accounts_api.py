"""Members, teams, workspace settings: roles, rules, and pinned query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Role
from accounts.services import api_token_create, member_add, team_create
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_admin_adds_a_member_who_can_then_log_in(admin_client):
    response = admin_client.post(
        "/api/v1/members/", {"email": "new@acme.test", "name": "New Agent", "role": "agent", "password": "a-long-enough-secret"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["user"]["email"] == "new@acme.test"
    assert admin_client.post("/api/v1/members/", {"email": "NEW@acme.test"}, format="json").json()["code"] == "already_member"


def test_weak_password_is_rejected_with_reason(admin_client):
    response = admin_client.post("/api/v1/members/", {"email": "weak@acme.test", "password": "123"}, format="json")
    assert response.status_code == 400
    assert "too short" in response.json()["message"]


def test_agents_cannot_manage_people(agent_client, tenant_a):
    assert agent_client.get("/api/v1/members/").status_code == 200
    response = agent_client.post("/api/v1/members/", {"email": "x@acme.test"}, format="json")
    assert response.status_code == 403
    assert agent_client.patch(f"/api/v1/members/{tenant_a.agent.pk}/", {"role": "admin"}, format="json").status_code == 403


def test_the_last_admin_cannot_be_demoted_or_removed(admin_client, tenant_a):
    url = f"/api/v1/members/{tenant_a.admin.pk}/"
    assert admin_client.patch(url, {"role": "agent"}, format="json").json()["code"] == "last_admin"
    assert admin_client.delete(url).status_code == 409
    admin_client.patch(f"/api/v1/members/{tenant_a.agent.pk}/", {"role": "admin"}, format="json")
    assert admin_client.patch(url, {"role": "supervisor"}, format="json").status_code == 200


def test_removing_a_member_deactivates_and_readding_reactivates(admin_client, tenant_a):
    url = f"/api/v1/members/{tenant_a.agent.pk}/"
    assert admin_client.delete(url).status_code == 204
    assert admin_client.get(url).json()["is_active"] is False
    again = admin_client.post("/api/v1/members/", {"email": "agent@acme.test", "role": "supervisor"}, format="json")
    assert again.status_code == 201
    assert again.json()["is_active"] is True and again.json()["role"] == "supervisor"


def test_team_lifecycle(admin_client, tenant_a):
    created = admin_client.post("/api/v1/teams/", {"name": "Social", "member_ids": [tenant_a.agent.pk]}, format="json")
    assert created.status_code == 201
    team = created.json()
    assert [m["email"] for m in team["members"]] == ["agent@acme.test"]
    assert admin_client.post("/api/v1/teams/", {"name": "Social"}, format="json").json()["code"] == "team_exists"
    patched = admin_client.patch(f"/api/v1/teams/{team['id']}/", {"name": "Social care", "member_ids": []}, format="json")
    assert patched.json() | {"created_at": None} == {"id": team["id"], "name": "Social care", "members": [], "created_at": None}
    assert admin_client.delete(f"/api/v1/teams/{team['id']}/").status_code == 204
    assert admin_client.get(f"/api/v1/teams/{team['id']}/").status_code == 404


def test_admin_sets_a_members_role_and_teams_at_once(admin_client, tenant_a):
    social = team_create(workspace=tenant_a.workspace, name="Social")
    vip = team_create(workspace=tenant_a.workspace, name="VIP", member_ids=[tenant_a.agent.pk])
    url = f"/api/v1/members/{tenant_a.agent.pk}/"
    response = admin_client.patch(url, {"role": "supervisor", "team_ids": [vip.pk, social.pk]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == "supervisor"
    assert response.json()["teams"] == [{"id": social.pk, "name": "Social"}, {"id": vip.pk, "name": "VIP"}]
    response = admin_client.patch(url, {"team_ids": [social.pk]}, format="json")
    assert [team["name"] for team in response.json()["teams"]] == ["Social"] and response.json()["role"] == "supervisor"
    listed = {row["id"]: row for row in admin_client.get("/api/v1/members/").json()["results"]}
    assert listed[tenant_a.agent.pk]["teams"] == [{"id": social.pk, "name": "Social"}]
    assert listed[tenant_a.admin.pk]["teams"] == []


def test_member_changes_are_all_or_nothing_and_say_what_was_wrong(admin_client, tenant_a, tenant_b):
    foreign = team_create(workspace=tenant_b.workspace, name="Globex team")
    url = f"/api/v1/members/{tenant_a.agent.pk}/"
    response = admin_client.patch(url, {"role": "admin", "team_ids": [foreign.pk]}, format="json")
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"team_ids"}
    assert Membership.objects.get(pk=tenant_a.agent.pk).role == Role.AGENT  # the role did not change either
    assert admin_client.patch(url, {}, format="json").status_code == 400
    last_admin = admin_client.patch(f"/api/v1/members/{tenant_a.admin.pk}/", {"role": "agent", "team_ids": []}, format="json")
    assert last_admin.status_code == 409 and last_admin.json()["code"] == "last_admin"


def test_agents_cannot_change_teams(agent_client, tenant_a):
    team = team_create(workspace=tenant_a.workspace, name="Social")
    response = agent_client.patch(f"/api/v1/members/{tenant_a.agent.pk}/", {"team_ids": [team.pk]}, format="json")
    assert response.status_code == 403
    assert agent_client.post("/api/v1/teams/", {"name": "Mine"}, format="json").status_code == 403
    assert agent_client.patch(f"/api/v1/teams/{team.pk}/", {"name": "Mine"}, format="json").status_code == 403
    assert agent_client.delete(f"/api/v1/teams/{team.pk}/").status_code == 403


def test_workspace_settings_are_validated(admin_client, agent_client):
    bad = admin_client.patch("/api/v1/workspace/", {"timezone": "Mars/Olympus", "currency": "euro"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["extra"]["fields"]) == {"timezone", "currency"}
    good = admin_client.patch("/api/v1/workspace/", {"timezone": "Europe/Warsaw", "default_language": "pl"}, format="json")
    assert good.json()["timezone"] == "Europe/Warsaw"
    assert agent_client.patch("/api/v1/workspace/", {"name": "Mine"}, format="json").status_code == 403


def _list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_rows(tenant, start: int, count: int) -> None:
    for n in range(start, start + count):
        member = member_add(workspace=tenant.workspace, email=f"p{n}@acme.test", role=Role.AGENT, password=None)
        team_create(workspace=tenant.workspace, name=f"Team {n}", member_ids=[member.pk, tenant.agent.pk])
        api_token_create(membership=tenant.admin, name=f"t{n}")


# session + user + membership resolution + count + page (+ one prefetch of team members)
# (members: + one prefetch of their teams)
PINNED_LIST_QUERIES = {"/api/v1/members/": 6, "/api/v1/teams/": 6, "/api/v1/tokens/": 5}


@pytest.mark.parametrize("url", list(PINNED_LIST_QUERIES))
def test_list_query_count_is_pinned_and_does_not_grow_with_rows(tenant_a, url):
    client = client_for(tenant_a.admin)
    _add_rows(tenant_a, 0, 1)
    assert _list_queries(client, url) == PINNED_LIST_QUERIES[url]
    _add_rows(tenant_a, 1, 12)
    assert _list_queries(client, url) == PINNED_LIST_QUERIES[url]
    assert Membership.objects.for_workspace(tenant_a.workspace).count() == 15
