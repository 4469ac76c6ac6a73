"""Tenants never see each other.

Two proofs: every API view over tenant data is built on the one scoping mechanism
(WorkspaceScopedMixin), checked by walking the URL configuration so a new endpoint cannot
forget it; and for every endpoint, a caller of workspace A asking for B's objects gets 404
and B's rows never appear in A's lists.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.views import APIView

from accounts.models import Team
from accounts.services import api_token_create, team_create
from accounts.tenancy import WorkspaceScopedMixin
from customers.models import Customer
from customers.services import tagging_rule_create
from inbox.models import Case, Message
from inbox.services import canned_response_create
from integrations.events import ChannelKind, MessageKind
from tests.conftest import client_for, token_client_for
from tests.inbox_helpers import channel_account, ingest

pytestmark = pytest.mark.django_db

# Views that deliberately work before a workspace is known.
UNSCOPED_VIEWS = {
    "SessionApi", "LoginApi", "LogoutApi", "WorkspaceSwitchApi", "SpectacularAPIView", "SpectacularSwaggerView",
    # Web-chat visitors have no membership: their session token names one workspace and one widget
    # (tests/test_webchat.py proves the isolation).
    "WidgetSessionApi", "WidgetMessagesApi", "WidgetReadReceiptApi", "WidgetUploadsApi", "WidgetAttachmentApi",
}


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


def _tenant_objects(tenant, prefix: str) -> dict:
    """One object of every kind in `tenant`'s workspace; cases and customers come through
    the ingest service, like real ones."""
    account = channel_account(tenant.workspace, ChannelKind.API, name=f"{prefix} api")
    case = ingest(account, sender=f"{prefix}-customer", text="Hola").case
    sibling = ingest(account, sender=f"{prefix}-customer", text="Comment", message_kind=MessageKind.COMMENT, post_id="p1").case
    return {
        "channel-accounts": account.pk,
        "cases": case.pk,
        "sibling_case": sibling.pk,
        "message": Message.objects.get(case=case).pk,
        "customers": case.customer_id,
        "canned-responses": canned_response_create(workspace=tenant.workspace, shortcut=f"{prefix}-hi", title="Hi", body="Hi!").pk,
        "team": team_create(workspace=tenant.workspace, name=f"{prefix} care").pk,
        "tagging-rules": tagging_rule_create(workspace=tenant.workspace, name=f"{prefix} rule", keywords=["hola"], tags=["x"]).pk,
    }


@pytest.fixture
def foreign_objects(tenant_b):
    """One object of every kind, owned by workspace B."""
    token, _ = api_token_create(membership=tenant_b.admin, name="b-token")
    return {
        "members": tenant_b.agent.pk,
        "teams": team_create(workspace=tenant_b.workspace, name="B team", member_ids=[tenant_b.agent.pk]).pk,
        "tokens": token.pk,
        **_tenant_objects(tenant_b, "b"),
    }


@pytest.fixture
def own_objects(tenant_a):
    api_token_create(membership=tenant_a.admin, name="a-token")
    team_create(workspace=tenant_a.workspace, name="A team")
    return _tenant_objects(tenant_a, "a")


COLLECTIONS = ["members", "teams", "tokens", "channel-accounts", "cases", "customers", "canned-responses", "tagging-rules"]


@pytest.mark.parametrize("collection", COLLECTIONS)
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


def _actions(own: dict, foreign: dict) -> list[tuple[str, str, dict | None]]:
    """Every action and sub-resource on a foreign object, with a body that would be valid."""
    until = (timezone.now() + timedelta(days=1)).isoformat()
    case, customer = f"cases/{foreign['cases']}", f"customers/{foreign['customers']}"
    return [
        ("post", f"{case}/reply/", {"text": "Hi"}),
        ("post", f"{case}/notes/", {"text": "psst"}),
        ("post", f"{case}/assign/", {"assignee_id": None}),
        ("post", f"{case}/team/", {"team_id": None}),
        ("post", f"{case}/status/", {"status": "resolved"}),
        ("post", f"{case}/snooze/", {"until": until}),
        ("post", f"{case}/priority/", {"priority": 3}),
        ("post", f"{case}/tags/", {"add": ["mine"]}),
        ("post", f"{case}/merge/", {"target_case_id": own["cases"]}),
        ("get", f"canned-responses/{foreign['canned-responses']}/render/?case={own['cases']}", None),
        ("get", f"{customer}/cases/", None),
        ("get", f"{customer}/merge-suggestions/", None),
        ("post", f"{customer}/tags/", {"add": ["mine"]}),
        ("post", f"{customer}/merge/", {"source_id": own["customers"]}),
        (
            "post",
            f"channel-accounts/{foreign['channel-accounts']}/messages/",
            {"external_id": "x1", "sender": {"external_id": "s"}, "sent_at": 1700000000, "text": "hi"},
        ),
    ]


@pytest.mark.parametrize("auth", ["session", "token"])
def test_actions_on_foreign_objects_are_404(tenant_a, own_objects, foreign_objects, auth):
    client = client_for(tenant_a.admin) if auth == "session" else token_client_for(tenant_a.admin)
    for method, path, body in _actions(own_objects, foreign_objects):
        response = getattr(client, method)(f"/api/v1/{path}", body, format="json")
        assert response.status_code == 404, (method, path, response.status_code, response.json())
        assert response.json()["code"] == "not_found"
    assert Message.objects.filter(case_id=foreign_objects["cases"]).count() == 1
    foreign_case = Case.objects.get(pk=foreign_objects["cases"])
    assert (foreign_case.status, foreign_case.tags, foreign_case.priority) == ("new", [], 1)


def test_foreign_ids_in_request_bodies_are_refused(tenant_a, tenant_b, own_objects, foreign_objects):
    """Own object in the URL, another workspace's id in the body: 400 naming the field."""
    client = client_for(tenant_a.admin)
    case, customer = f"/api/v1/cases/{own_objects['cases']}", f"/api/v1/customers/{own_objects['customers']}"
    for method, url, body, field in [
        ("post", f"{case}/assign/", {"assignee_id": tenant_b.agent.pk}, "assignee_id"),
        ("post", f"{case}/team/", {"team_id": foreign_objects["team"]}, "team_id"),
        ("post", f"{case}/merge/", {"target_case_id": foreign_objects["sibling_case"]}, "target_case_id"),
        ("post", f"{case}/reply/", {"text": "x", "reply_to_id": foreign_objects["message"]}, "reply_to_id"),
        ("post", f"{case}/reply/", {"text": "x", "canned_response_id": foreign_objects["canned-responses"]}, "canned_response_id"),
        ("post", f"{case}/notes/", {"text": "x", "mention_ids": [tenant_b.agent.pk]}, "mention_ids"),
        ("post", f"{customer}/merge/", {"source_id": foreign_objects["customers"]}, "source_id"),
        ("get", f"/api/v1/canned-responses/{own_objects['canned-responses']}/render/?case={foreign_objects['cases']}", None, "case"),
        ("post", "/api/v1/canned-responses/", {"shortcut": "z", "title": "z", "body": "z", "team_id": foreign_objects["team"]}, "team_id"),
    ]:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 400, (url, body, response.status_code)
        assert set(response.json()["extra"]["fields"]) == {field}, (url, response.json())
    assert Case.objects.get(pk=foreign_objects["sibling_case"]).status == "new"
    assert Customer.objects.get(pk=foreign_objects["customers"]).merged_into_id is None


def test_filters_never_reach_into_another_workspace(tenant_a, own_objects, foreign_objects):
    client = client_for(tenant_a.admin)
    for params in [
        {"customer": foreign_objects["customers"]},
        {"channel_account": foreign_objects["channel-accounts"]},
        {"team": foreign_objects["team"]},
        {"q": "Hola"},
    ]:
        ids = {row["id"] for row in client.get("/api/v1/cases/", params).json()["results"]}
        assert foreign_objects["cases"] not in ids and foreign_objects["sibling_case"] not in ids
    assert client.get("/api/v1/cases/", {"q": "Hola"}).json()["results"]  # own case found


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_lists_never_contain_another_workspaces_rows(tenant_a, tenant_b, own_objects, foreign_objects, collection):
    ids = {row["id"] for row in client_for(tenant_a.admin).get(f"/api/v1/{collection}/").json()["results"]}
    assert ids, "workspace A's own rows are listed"
    assert foreign_objects[collection] not in ids


def test_counts_are_per_workspace(tenant_a, own_objects, foreign_objects):
    counts = client_for(tenant_a.admin).get("/api/v1/cases/counts/").json()
    assert counts["all"] == 2  # A's two cases; B's are not counted


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
