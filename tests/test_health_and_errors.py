"""/healthz, the one JSON error shape, and the React app's browser routes."""

from __future__ import annotations

import pytest
from django.urls import path
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def assert_error_shape(body: dict, code: str) -> None:
    assert set(body) == {"message", "code", "extra"}, body
    assert body["code"] == code
    assert body["message"]


def test_healthz_reports_database_up():
    response = APIClient().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"
    assert response.json()["status"] == "ok"


def test_unknown_api_path_is_a_json_404_even_with_debug_on(settings):
    settings.DEBUG = True
    response = APIClient().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")
    assert "/api/v1/no-such-thing/" in response.json()["message"]


def test_unauthenticated_api_call_is_a_json_401_with_bearer_challenge():
    response = APIClient().get("/api/v1/teams/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_error_shape(response.json(), "not_authenticated")


def test_wrong_method_is_a_json_405(admin_client):
    response = admin_client.put("/api/v1/teams/", {}, format="json")
    assert response.status_code == 405
    assert_error_shape(response.json(), "method_not_allowed")


def test_validation_error_names_the_field(admin_client):
    response = admin_client.post("/api/v1/teams/", {"member_ids": ["x"]}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert_error_shape(body, "invalid")
    assert body["extra"]["fields"]["name"] == ["This field is required."]
    assert "member_ids" in body["extra"]["fields"]


def _boom(request):
    raise RuntimeError("kaboom")


urlpatterns = [path("api/v1/boom/", _boom)]


@pytest.mark.parametrize("debug", [True, False])
def test_crash_is_a_json_500_without_internals(settings, debug):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = debug
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert_error_shape(response.json(), "server_error")
    assert "kaboom" not in response.content.decode()


def test_browser_routes_serve_the_react_app(settings, tmp_path):
    (tmp_path / "index.html").write_text("<div id=root></div>")
    settings.FRONTEND_DIST_DIR = tmp_path
    response = APIClient().get("/inbox/case/12")
    assert response.status_code == 200
    assert b"<div id=root>" in response.content
    assert response["Cache-Control"] == "no-cache"


def test_unbuilt_frontend_says_how_to_build_it(settings, tmp_path):
    settings.FRONTEND_DIST_DIR = tmp_path / "missing"
    response = APIClient().get("/")
    assert response.status_code == 503
    assert b"make run" in response.content


def test_openapi_schema_and_docs_are_served():
    client = APIClient()
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for expected in ["/api/v1/auth/login/", "/api/v1/teams/", "/api/v1/members/", "/api/v1/tokens/", "/api/v1/workspace/"]:
        assert expected in paths
    assert client.get("/api/docs/").status_code == 200
