"""Browser login (session + CSRF), API tokens, workspace choice, roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, Role
from accounts.services import api_token_create, member_add, membership_deactivate
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def csrf_client() -> tuple[APIClient, str]:
    client = APIClient(enforce_csrf_checks=True)
    response = client.get("/api/v1/auth/session/")
    assert response.status_code == 401
    return client, client.cookies["csrftoken"].value


def test_session_endpoint_sets_csrf_cookie_and_says_not_logged_in():
    client, token = csrf_client()
    assert token
    assert client.get("/api/v1/auth/session/").json()["code"] == "not_authenticated"


def test_login_with_csrf_returns_the_session(tenant_a):
    client, csrf = csrf_client()
    response = client.post(
        "/api/v1/auth/login/", {"email": "ADMIN@acme.test", "password": PASSWORD}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["user"]["email"] == "admin@acme.test"
    assert body["workspace"]["slug"] == "acme"
    assert body["role"] == "admin"
    assert [m["workspace"]["slug"] for m in body["memberships"]] == ["acme"]
    assert client.get("/api/v1/auth/session/").status_code == 200


def test_login_without_csrf_token_is_refused(tenant_a):
    client = APIClient(enforce_csrf_checks=True)
    response = client.post("/api/v1/auth/login/", {"email": "admin@acme.test", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_wrong_password_is_a_clear_400(tenant_a):
    client, csrf = csrf_client()
    response = client.post(
        "/api/v1/auth/login/", {"email": "admin@acme.test", "password": "nope"}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


def test_login_validation_names_missing_fields():
    client, csrf = csrf_client()
    response = client.post("/api/v1/auth/login/", {"email": "not-an-email"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 400
    fields = response.json()["extra"]["fields"]
    assert set(fields) == {"email", "password"}


def test_deactivated_member_cannot_log_in(tenant_a):
    membership_deactivate(membership=tenant_a.agent)
    client, csrf = csrf_client()
    response = client.post(
        "/api/v1/auth/login/", {"email": "agent@acme.test", "password": PASSWORD}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 403


def test_logout_ends_the_session(admin_client):
    assert admin_client.post("/api/v1/auth/logout/").status_code == 204
    assert admin_client.get("/api/v1/auth/session/").status_code == 401


def test_user_in_two_workspaces_switches_between_them(tenant_a, tenant_b):
    member_add(workspace=tenant_b.workspace, email="agent@acme.test", role=Role.SUPERVISOR)
    client = client_for(tenant_a.agent)
    assert client.get("/api/v1/workspace/").json()["slug"] == "acme"

    switched = client.post("/api/v1/auth/workspace/", {"workspace": "globex"}, format="json")
    assert switched.status_code == 200
    assert switched.json()["role"] == "supervisor"
    assert client.get("/api/v1/workspace/").json()["slug"] == "globex"
    # The header chooses per request without changing the session.
    assert client.get("/api/v1/workspace/", HTTP_X_WORKSPACE="acme").json()["slug"] == "acme"
    assert client.get("/api/v1/workspace/").json()["slug"] == "globex"


def test_switching_to_a_foreign_workspace_is_404(tenant_a, tenant_b):
    response = client_for(tenant_a.agent).post("/api/v1/auth/workspace/", {"workspace": "globex"}, format="json")
    assert response.status_code == 404


def test_foreign_workspace_header_is_refused(tenant_a, tenant_b):
    response = client_for(tenant_a.agent).get("/api/v1/teams/", HTTP_X_WORKSPACE="globex")
    assert response.status_code == 403
    assert "globex" in response.json()["message"]


class TestApiTokens:
    def test_token_is_shown_once_and_authenticates(self, agent_client):
        created = agent_client.post("/api/v1/tokens/", {"name": "zapier"}, format="json")
        assert created.status_code == 201
        raw = created.json()["token"]
        assert raw.startswith("dlg_")
        assert "token" not in agent_client.get("/api/v1/tokens/").json()["results"][0]

        script = APIClient()
        script.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert script.get("/api/v1/workspace/").json()["slug"] == "acme"
        assert ApiToken.objects.get(prefix=raw[:12]).last_used_at is not None

    def test_only_a_hash_is_stored(self, tenant_a):
        token, raw = api_token_create(membership=tenant_a.agent, name="x")
        assert raw not in token.token_hash and len(token.token_hash) == 64

    def test_token_carries_its_members_role(self, tenant_a):
        _, raw = api_token_create(membership=tenant_a.agent, name="x")
        script = APIClient()
        script.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = script.post("/api/v1/teams/", {"name": "Night shift"}, format="json")
        assert response.status_code == 403
        assert "admin" in response.json()["message"]

    def test_revoked_expired_and_garbage_tokens_are_401(self, agent_client, tenant_a):
        created = agent_client.post("/api/v1/tokens/", {"name": "old"}, format="json").json()
        assert agent_client.delete(f"/api/v1/tokens/{created['id']}/").status_code == 204
        _, expired = api_token_create(membership=tenant_a.agent, name="e", expires_at=timezone.now() - timedelta(seconds=1))
        for raw in [created["token"], expired, "dlg_garbage"]:
            script = APIClient()
            script.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
            response = script.get("/api/v1/workspace/")
            assert response.status_code == 401, raw
            assert response.json()["code"] == "authentication_failed"

    def test_deactivating_a_member_revokes_their_tokens(self, tenant_a):
        _, raw = api_token_create(membership=tenant_a.agent, name="x")
        membership_deactivate(membership=tenant_a.agent)
        script = APIClient()
        script.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert script.get("/api/v1/workspace/").status_code == 401

    def test_a_token_cannot_reach_another_workspace_of_its_user(self, tenant_a, tenant_b):
        member_add(workspace=tenant_b.workspace, email="agent@acme.test", role=Role.ADMIN)
        _, raw = api_token_create(membership=tenant_a.agent, name="x")
        script = APIClient()
        script.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert script.get("/api/v1/workspace/", HTTP_X_WORKSPACE="globex").status_code == 403
        assert script.post("/api/v1/auth/workspace/", {"workspace": "globex"}, format="json").status_code == 400


def test_demo_seed_is_idempotent_and_prints_nothing_secret(settings):
    from django.core.management import call_command

    from accounts.models import Membership, Team, Workspace

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    demo = Workspace.objects.get(slug="demo")
    assert Membership.objects.for_workspace(demo).count() == 5
    assert Team.objects.for_workspace(demo).count() == 2
    client = APIClient(enforce_csrf_checks=True)
    client.get("/api/v1/auth/session/")
    response = client.post(
        "/api/v1/auth/login/",
        {"email": settings.DEMO_ADMIN_EMAIL, "password": settings.DEMO_PASSWORD},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 200
    assert response.json()["workspace"]["slug"] == "demo"

