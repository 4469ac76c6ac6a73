"""The server entry points, run as real processes the way `make run` and production do."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import psutil
import pytest

from tests.conftest import MANAGE_PY, PROJECT_DIR, ServerProcess, current_database_url, server_env


def test_serve_answers_http_and_runs_a_worker(dialogo_server):
    health = httpx.get(f"{dialogo_server.url}/healthz").json()
    assert health["status"] == "ok" and health["database"] == "up"
    assert health["workers"] >= 1  # this server's worker (another test's may still be fresh)
    assert httpx.get(f"{dialogo_server.url}/api/v1/teams/").status_code == 401
    assert dialogo_server.interrupt() == 0
    assert "Dialogo stopped." in dialogo_server.log()


@pytest.mark.django_db(transaction=True)
def test_refuses_to_start_on_the_default_secret_key_with_debug_off():
    result = subprocess.run(
        [sys.executable, str(MANAGE_PY), "serve", "--port", "1"],
        env=server_env(DATABASE_URL=current_database_url(), DEBUG="0"),
        capture_output=True, text=True, timeout=60, cwd=PROJECT_DIR,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the insecure default" in result.stderr


def _postgres_processes_for(data_dir) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(attrs=["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(data_dir) in " ".join(process.info["cmdline"] or []):
            found.append(process)
    return found


def test_up_on_the_embedded_default_seeds_serves_and_leaves_nothing_running(tmp_path):
    """`make run` with no env vars: embedded PostgreSQL under the var dir, migrate, seed,
    serve; a second start keeps the data; Ctrl-C stops the database too."""
    var_dir = tmp_path / "var"
    env = server_env(DIALOGO_VAR_DIR=str(var_dir))
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)

    for attempt in range(2):
        server = ServerProcess("up", env=env, log_path=tmp_path / f"up-{attempt}.log")
        try:
            server.wait_healthy(timeout=180)
            client = httpx.Client(base_url=server.url)
            client.get("/api/v1/auth/session/")
            login = client.post(
                "/api/v1/auth/login/",
                json={"email": "admin@demo.dialogo.local", "password": "dialogo-demo-2026"},
                headers={"X-CSRFToken": client.cookies["csrftoken"]},
            )
            assert login.status_code == 200, login.text
            assert login.json()["workspace"]["slug"] == "demo"
            assert "Log in as admin@demo.dialogo.local" in server.log()
            if attempt == 0:
                # The demo is live: simulated customers write through the signed webhook fast path
                # (on the embedded database's socket) and the worker threads them into cases.
                deadline = time.monotonic() + 90
                processed = []
                while time.monotonic() < deadline and not processed:
                    processed = client.get("/api/v1/inbound-events/", params={"status": "processed"}).json()["results"]
                    time.sleep(1)
                assert processed, server.log()[-3000:]
            assert _postgres_processes_for(var_dir / "postgres"), "embedded PostgreSQL runs under the var dir"
            assert server.interrupt() == 0, server.log()
        finally:
            server.kill()
        assert _postgres_processes_for(var_dir / "postgres") == [], "Ctrl-C left PostgreSQL running"
