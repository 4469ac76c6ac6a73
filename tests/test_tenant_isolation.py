"""Tenants never see each other.

Two proofs: every API view over tenant data is built on the one scoping mechanism
(WorkspaceScopedMixin), checked by walking the URL configuration so a new endpoint cannot
forget it; and for every endpoint, a caller of workspace A asking for B's objects gets 404
and B's rows never appear in A's lists.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from accounts.models import Team
from accounts.services import api_token_create, team_create
from accounts.tenancy import WorkspaceScopedMixin
from tests.conftest import client_for, token_client_for

pytestmark = pytest.mark.django_db

# Views that deliberately work before a workspace is known.
UNSCOPED_VIEWS = {"SessionApi", "LoginApi", "LogoutApi", "WorkspaceSwitchApi", "SpectacularAPIView", "SpectacularSwaggerView"}


def _api_views(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern, route)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "cls", None)
            if view_class is not None and issubclass(view_class, APIView):
                yield route, view_class


def test_every_api_view_is_workspace_scoped():
    views = list(_api_views(get_resolver()))
    assert len(views) >= 10
    unscoped = [
        (route, cls.__name__)
        for route, cls in views
        if not issubclass(cls, WorkspaceScopedMixin) and cls.__name__ not in UNSCOPED_VIEWS
    ]
    assert unscoped == [], "These API views do not use WorkspaceScopedMixin"


@pytest.fixture
def foreign_objects(tenant_b):
    """One object of every kind, owned by workspace B."""
    token, _ = api_token_create(membership=tenant_b.admin, name="b-token")
    return {
        "members": tenant_b.agent.pk,
        "teams": team_create(workspace=tenant_b.workspace, name="B team", member_ids=[tenant_b.agent.pk]).pk,
        "tokens": token.pk,
    }


@pytest.mark.parametrize("collection", ["members", "teams", "tokens"])
@pytest.mark.parametrize("auth", ["session", "token"])
def test_foreign_objects_are_404_for_every_method(tenant_a, foreign_objects, collection, auth):
    client = client_for(tenant_a.admin) if auth == "session" else token_client_for(tenant_a.admin)
    url = f"/api/v1/{collection}/{foreign_objects[collection]}/"
    for method, body in [("get", None), ("patch", {"name": "x", "role": "agent"}), ("delete", None)]:
        response = getattr(client, method)(url, body, format="json")
        if response.status_code == 405:
            continue  # e.g. tokens have no detail GET/PATCH; nothing to leak
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("collection", ["members", "teams", "tokens"])
def test_lists_never_contain_another_workspaces_rows(tenant_a, tenant_b, foreign_objects, collection):
    api_token_create(membership=tenant_a.admin, name="a-token")
    team_create(workspace=tenant_a.workspace, name="A team")
    ids = {row["id"] for row in client_for(tenant_a.admin).get(f"/api/v1/{collection}/").json()["results"]}
    assert ids, "workspace A's own rows are listed"
    assert foreign_objects[collection] not in ids


def test_workspace_b_objects_untouched_after_attempts(tenant_a, foreign_objects):
    client = client_for(tenant_a.admin)
    client.delete(f"/api/v1/teams/{foreign_objects['teams']}/")
    client.patch(f"/api/v1/members/{foreign_objects['members']}/", {"role": "admin"}, format="json")
    assert Team.objects.filter(pk=foreign_objects["teams"]).exists()


def test_cannot_put_a_foreign_member_in_a_team(tenant_a, tenant_b):
    response = client_for(tenant_a.admin).post(
        "/api/v1/teams/", {"name": "Mixed", "member_ids": [tenant_a.agent.pk, tenant_b.agent.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "member_ids" in response.json()["extra"]["fields"]
    assert not Team.objects.filter(name="Mixed").exists()


def test_current_workspace_is_the_callers_own(tenant_a, tenant_b):
    assert client_for(tenant_b.agent).get("/api/v1/workspace/").json()["slug"] == "globex"
    assert client_for(tenant_a.agent).get("/api/v1/workspace/").json()["slug"] == "acme"
