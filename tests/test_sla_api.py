"""SLA API: calendars and policies (agents read, admins write), a case's clocks, the
breaching-soon list. One error shape; another workspace's objects are 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import team_create
from sla import services as sla_services
from sla.models import BusinessCalendar, SlaPolicy
from tests.inbox_helpers import channel_account, ingest
from tests.test_sla_engine import HOUR, office_calendar, sla_policy

pytestmark = pytest.mark.django_db

CALENDARS = "/api/v1/sla/calendars/"
POLICIES = "/api/v1/sla/policies/"

SPLIT_SHIFT = {
    "name": "Madrid office",
    "timezone": "Europe/Madrid",
    "hours": [
        {"weekday": 0, "start": "16:00", "end": "19:00"},
        {"weekday": 0, "start": "09:00", "end": "14:00"},
        {"weekday": 5, "start": "10:00", "end": "13:00"},
    ],
    "holiday_country": "es",
    "holiday_subdivision": "MD",
    "custom_holidays": [{"date": "2026-12-24", "name": "Nochebuena"}],
}


class TestCalendars:
    def test_admin_creates_and_agents_read(self, admin_client, agent_client):
        response = admin_client.post(CALENDARS, SPLIT_SHIFT, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["holiday_country"] == "ES"
        assert [(w["weekday"], w["start"]) for w in body["hours"]] == [(0, "09:00"), (0, "16:00"), (5, "10:00")]
        assert agent_client.get(f"{CALENDARS}{body['id']}/").json()["name"] == "Madrid office"
        assert agent_client.get(CALENDARS).json()["count"] == 1

    def test_list_query_count_is_pinned(self, agent_client, tenant_a, django_assert_num_queries):
        for name in ("A", "B", "C"):
            office_calendar(tenant_a.workspace, name=name)
        agent_client.get(CALENDARS)  # warm the session
        with django_assert_num_queries(5):  # session, user, membership, count, rows
            assert [row["name"] for row in agent_client.get(CALENDARS).json()["results"]] == ["A", "B", "C"]

    def test_agents_cannot_write(self, agent_client):
        response = agent_client.post(CALENDARS, SPLIT_SHIFT, format="json")
        assert response.status_code == 403
        assert set(response.json()) == {"message", "code", "extra"}

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"timezone": "Mars/Olympus"}, "timezone"),
            ({"hours": [{"weekday": 0, "start": "09:00", "end": "12:00"}, {"weekday": 0, "start": "11:00", "end": "13:00"}]}, "hours"),
            ({"hours": [{"weekday": 0, "start": "18:00", "end": "09:00"}]}, "hours"),
            ({"hours": [{"weekday": 7, "start": "09:00", "end": "12:00"}]}, "hours"),
            ({"hours": [{"weekday": 1, "start": "9am", "end": "12:00"}]}, "hours"),
            ({"holiday_country": "XX"}, "holiday_country"),
            ({"holiday_subdivision": "ZZ"}, "holiday_subdivision"),
            ({"custom_holidays": [{"date": "2026-12-24"}, {"date": "2026-12-24"}]}, "custom_holidays"),
        ],
    )
    def test_invalid_calendars_say_which_field(self, admin_client, change, field):
        response = admin_client.post(CALENDARS, {**SPLIT_SHIFT, **change}, format="json")
        assert response.status_code == 400
        assert field in response.json()["extra"]["fields"], response.json()

    def test_edit_and_delete(self, admin_client, tenant_a):
        calendar_id = admin_client.post(CALENDARS, SPLIT_SHIFT, format="json").json()["id"]
        response = admin_client.patch(f"{CALENDARS}{calendar_id}/", {"holiday_subdivision": "CT"}, format="json")
        assert response.status_code == 200 and response.json()["holiday_subdivision"] == "CT"
        assert admin_client.delete(f"{CALENDARS}{calendar_id}/").status_code == 204
        assert not BusinessCalendar.objects.filter(pk=calendar_id).exists()

    def test_a_calendar_in_use_cannot_be_deleted(self, admin_client, tenant_a):
        calendar = office_calendar(tenant_a.workspace, name="Used")
        sla_policy(tenant_a.workspace, calendar, name="Standard")
        response = admin_client.delete(f"{CALENDARS}{calendar.pk}/")
        assert response.status_code == 409
        assert response.json()["code"] == "calendar_in_use" and response.json()["extra"]["policies"] == ["Standard"]

    def test_duplicate_names_conflict(self, admin_client):
        admin_client.post(CALENDARS, SPLIT_SHIFT, format="json")
        response = admin_client.post(CALENDARS, SPLIT_SHIFT, format="json")
        assert response.status_code == 409 and "name" in response.json()["extra"]["fields"]


class TestPolicies:
    def test_create_with_conditions_and_escalation(self, admin_client, tenant_a):
        calendar = office_calendar(tenant_a.workspace)
        team = team_create(workspace=tenant_a.workspace, name="VIP desk")
        account = channel_account(tenant_a.workspace, kind="whatsapp")
        response = admin_client.post(
            POLICIES,
            {
                "name": "Gold on WhatsApp",
                "position": 1,
                "calendar_id": calendar.pk,
                "conditions": {"channel_kinds": ["whatsapp"], "channel_account_ids": [account.pk], "customer_tiers": ["Gold"], "team_ids": []},
                "first_response_seconds": 900,
                "next_response_seconds": 1800,
                "resolution_seconds": 8 * HOUR,
                "resolution_business": False,
                "at_risk_share": 0.75,
                "escalate_priority": 3,
                "escalate_team_id": team.pk,
                "escalate_notify_id": tenant_a.admin.pk,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["conditions"] == {"channel_kinds": ["whatsapp"], "channel_account_ids": [account.pk], "customer_tiers": ["gold"]}
        assert body["at_risk_share"] == 0.75 and body["calendar_id"] == calendar.pk and body["escalate_team_id"] == team.pk
        assert body["resolution_business"] is False and body["first_response_business"] is True

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"first_response_seconds": None}, "first_response_seconds"),
            ({"first_response_seconds": 0}, "first_response_seconds"),
            ({"at_risk_share": 1.5}, "at_risk_share"),
            ({"conditions": {"channel_kinds": ["fax"]}}, "conditions"),
            ({"conditions": {"priorities": [9]}}, "conditions"),
            ({"is_default": True, "conditions": {"priorities": [1]}}, "conditions"),
            ({"escalate_priority": 5}, "escalate_priority"),
        ],
    )
    def test_invalid_policies_say_which_field(self, admin_client, body, field):
        response = admin_client.post(POLICIES, {"name": "P", "first_response_seconds": 60, **body}, format="json")
        assert response.status_code == 400
        assert field in response.json()["extra"]["fields"], response.json()

    def test_another_workspaces_objects_are_unknown(self, admin_client, tenant_b):
        foreign_calendar = office_calendar(tenant_b.workspace)
        foreign_team = team_create(workspace=tenant_b.workspace, name="Theirs")
        foreign_account = channel_account(tenant_b.workspace)
        for body, field in [
            ({"calendar_id": foreign_calendar.pk}, "calendar_id"),
            ({"escalate_team_id": foreign_team.pk}, "escalate_team_id"),
            ({"escalate_notify_id": tenant_b.admin.pk}, "escalate_notify_id"),
            ({"conditions": {"team_ids": [foreign_team.pk]}}, "conditions"),
            ({"conditions": {"channel_account_ids": [foreign_account.pk]}}, "conditions"),
        ]:
            response = admin_client.post(POLICIES, {"name": "P", "first_response_seconds": 60, **body}, format="json")
            assert response.status_code == 400 and field in response.json()["extra"]["fields"], (field, response.json())

    def test_foreign_calendars_and_policies_are_404(self, admin_client, tenant_b):
        calendar = office_calendar(tenant_b.workspace)
        policy = sla_policy(tenant_b.workspace, calendar)
        for url in [f"{CALENDARS}{calendar.pk}/", f"{POLICIES}{policy.pk}/"]:
            for method in ("get", "patch", "delete"):
                response = getattr(admin_client, method)(url, {"name": "x"}, format="json")
                assert response.status_code == 404 and response.json()["code"] == "not_found", (method, url)
        assert admin_client.post(f"{POLICIES}{policy.pk}/reapply/").status_code == 404
        assert admin_client.get(POLICIES).json()["count"] == 0

    def test_patch_keeps_the_rest_and_default_moves(self, admin_client, tenant_a):
        first = sla_policy(tenant_a.workspace, None, name="First")
        response = admin_client.post(POLICIES, {"name": "Second", "is_default": True, "resolution_seconds": 3600}, format="json")
        assert response.status_code == 201
        first.refresh_from_db()
        assert first.is_default is False
        response = admin_client.patch(f"{POLICIES}{first.pk}/", {"first_response_seconds": 120}, format="json")
        assert response.status_code == 200 and response.json()["first_response_seconds"] == 120 and response.json()["name"] == "First"
        response = admin_client.patch(f"{POLICIES}{first.pk}/", {"first_response_seconds": None}, format="json")
        assert response.status_code == 400  # no target left

    def test_list_is_in_matching_order_and_agents_read(self, agent_client, tenant_a, django_assert_num_queries):
        sla_policy(tenant_a.workspace, None, name="Default")
        sla_policy(tenant_a.workspace, None, name="Later", is_default=False, position=5)
        sla_policy(tenant_a.workspace, None, name="Sooner", is_default=False, position=1)
        agent_client.get(POLICIES)  # warm the session
        with django_assert_num_queries(5):  # session, user, membership, count, rows
            names = [row["name"] for row in agent_client.get(POLICIES).json()["results"]]
        assert names == ["Sooner", "Later", "Default"]
        assert agent_client.delete(f"{POLICIES}{SlaPolicy.objects.first().pk}/").status_code == 403

    def test_reapply_endpoint(self, admin_client, tenant_a):
        policy = sla_policy(tenant_a.workspace, None, first_response_seconds=HOUR)
        account = channel_account(tenant_a.workspace)
        ingest(account, sender="a")
        ingest(account, sender="b")
        response = admin_client.post(f"{POLICIES}{policy.pk}/reapply/")
        assert response.status_code == 200 and response.json() == {"recomputed": 2, "queued": False}

    def test_reapply_on_a_large_workspace_is_a_job(self, admin_client, tenant_a, monkeypatch):
        from procrastinate.contrib.django.models import ProcrastinateJob

        monkeypatch.setattr(sla_services, "REAPPLY_INLINE_LIMIT", 1)
        policy = sla_policy(tenant_a.workspace, None, first_response_seconds=HOUR)
        account = channel_account(tenant_a.workspace)
        ingest(account, sender="a")
        ingest(account, sender="b")
        for _ in range(2):  # asking twice queues one job
            response = admin_client.post(f"{POLICIES}{policy.pk}/reapply/")
            assert response.status_code == 202 and response.json() == {"recomputed": 0, "queued": True}
        job = ProcrastinateJob.objects.get(task_name="sla.tasks.reapply_sla_policy")
        assert job.args == {"policy_id": policy.pk} and job.status == "todo"


class TestCaseClocks:
    def test_a_case_shows_each_clock(self, agent_client, tenant_a):
        calendar = sla_services.calendar_create(
            workspace=tenant_a.workspace, name="Always", hours=[{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]
        )
        policy = sla_policy(tenant_a.workspace, calendar, first_response_seconds=HOUR, resolution_seconds=4 * HOUR, resolution_business=False)
        opened = timezone.now() - timedelta(minutes=10)
        case = ingest(channel_account(tenant_a.workspace), at=opened).case
        body = agent_client.get(f"/api/v1/sla/cases/{case.pk}/").json()
        assert body["case_id"] == case.pk and body["policy"] == {"id": policy.pk, "name": policy.name}
        first = body["first_response"]
        assert first["status"] == "on_track" and first["business"] is True and first["cycle"] == 1
        assert 49 * 60 <= first["remaining_seconds"] <= 50 * 60
        assert body["resolution"]["business"] is False and body["resolution"]["target_seconds"] == 4 * HOUR
        assert body["next_response"]["status"] == "none" and body["next_response"]["remaining_seconds"] is None
        assert body["paused"] is False

    def test_a_foreign_or_unknown_case_is_404(self, agent_client, tenant_b):
        sla_policy(tenant_b.workspace, None)
        case = ingest(channel_account(tenant_b.workspace)).case
        for case_id in (case.pk, 987654321):
            response = agent_client.get(f"/api/v1/sla/cases/{case_id}/")
            assert response.status_code == 404 and response.json()["code"] == "not_found"


class TestBreachingSoon:
    def test_sorted_by_due_and_filtered(self, agent_client, tenant_a, django_assert_num_queries):
        sla_policy(tenant_a.workspace, None, first_response_seconds=HOUR, first_response_business=False)
        account = channel_account(tenant_a.workspace)
        team = team_create(workspace=tenant_a.workspace, name="Support")
        now = timezone.now()
        cases = {
            minutes: ingest(account, sender=f"c{minutes}", at=now - timedelta(minutes=minutes)).case for minutes in (10, 50, 30, 5)
        }  # due in 50, 10, 30 and 55 minutes
        from inbox.services import case_set_team

        case_set_team(case=cases[30], team=team, actor=None)
        agent_client.get("/api/v1/sla/breaching-soon/")  # warm the session
        with django_assert_num_queries(5):  # session, user, membership, count, rows
            rows = agent_client.get("/api/v1/sla/breaching-soon/", {"within": 45 * 60}).json()["results"]
        assert [row["case_id"] for row in rows] == [cases[50].pk, cases[30].pk]
        assert rows[0]["next_target"] == "first_response" and rows[0]["case"]["customer_name"]
        assert 9 * 60 <= rows[0]["first_response"]["remaining_seconds"] <= 10 * 60
        assert [row["case_id"] for row in agent_client.get("/api/v1/sla/breaching-soon/", {"team": team.pk}).json()["results"]] == [cases[30].pk]
        response = agent_client.get("/api/v1/sla/breaching-soon/", {"within": 0})
        assert response.status_code == 400 and "within" in response.json()["extra"]["fields"]

    def test_other_workspaces_never_appear(self, agent_client, tenant_b):
        sla_policy(tenant_b.workspace, None)
        ingest(channel_account(tenant_b.workspace))
        assert agent_client.get("/api/v1/sla/breaching-soon/", {"within": 7 * 86400}).json()["count"] == 0


def test_schema_lists_the_sla_endpoints(admin_client):
    paths = admin_client.get("/api/schema/?format=json").json()["paths"]
    for path in ["/api/v1/sla/calendars/", "/api/v1/sla/policies/{id}/reapply/", "/api/v1/sla/cases/{case_id}/", "/api/v1/sla/breaching-soon/"]:
        assert path in paths


def test_sla_services_refuse_unknown_fields(tenant_a):
    from core.errors import ApplicationError

    calendar = office_calendar(tenant_a.workspace)
    with pytest.raises(ApplicationError):
        sla_services.calendar_update(calendar=calendar, workspace_id=0)
