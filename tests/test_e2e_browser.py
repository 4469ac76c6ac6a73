"""End to end in real headless Chromium (Debian's), driven by playwright-core from
frontend/e2e, against the real server process on the test database."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import PASSWORD, PROJECT_DIR, make_tenant

FRONTEND = PROJECT_DIR / "frontend"
CHROMIUM = "/usr/bin/chromium"


def require_browser_stack() -> None:
    missing = [
        what
        for what, present in [
            ("Debian chromium (/usr/bin/chromium)", os.path.exists(CHROMIUM)),
            ("node", shutil.which("node") is not None),
            ("frontend/node_modules/playwright-core (make install)", (FRONTEND / "node_modules" / "playwright-core").exists()),
            ("frontend/dist (make frontend)", (FRONTEND / "dist" / "index.html").exists()),
        ]
        if not present
    ]
    if missing:
        message = "browser tests need: " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run_e2e_script(script: str, *, url: str, email: str, password: str, screenshots) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", str(FRONTEND / "e2e" / script)],
        env={**os.environ, "DIALOGO_URL": url, "DIALOGO_EMAIL": email, "DIALOGO_PASSWORD": password, "DIALOGO_SCREENSHOT_DIR": str(screenshots)},
        capture_output=True, text=True, timeout=180, cwd=FRONTEND,
    )


@pytest.mark.e2e
def test_login_reaches_the_live_inbox_shell(dialogo_server, tmp_path):
    require_browser_stack()
    tenant = make_tenant("acme")
    result = run_e2e_script(
        "login.e2e.mjs", url=dialogo_server.url, email=tenant.agent.user.email, password=PASSWORD, screenshots=tmp_path
    )
    print(result.stdout[-4000:])
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n--- server log ---\n{dialogo_server.log()[-4000:]}"
    assert "1 passed, 0 failed" in result.stdout
    assert list(tmp_path.glob("*.png")), "the run took screenshots"


@pytest.mark.e2e
def test_a_live_customer_message_is_answered_with_a_canned_response_and_resolved(dialogo_server, tmp_path):
    """Issue 6's journey: log in, a simulated customer message (through the api channel's
    webhook) appears live, the agent replies with a canned response, resolves, and the case
    leaves the view."""
    require_browser_stack()
    from inbox.services import canned_response_create
    from tests.inbox_helpers import channel_account

    tenant = make_tenant("acme")
    channel_account(tenant.workspace, kind="api", name="Shop API")
    canned_response_create(workspace=tenant.workspace, shortcut="thanks", title="Thanks", body="Hola {{customer.first_name}}, soy {{agent.first_name}}.")
    result = run_e2e_script(
        "inbox.e2e.mjs", url=dialogo_server.url, email=tenant.agent.user.email, password=PASSWORD, screenshots=tmp_path
    )
    print(result.stdout[-4000:])
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n--- server log ---\n{dialogo_server.log()[-4000:]}"
    assert ", 0 failed" in result.stdout


@pytest.mark.e2e
def test_the_inbox_first_load_shows_sla_clocks_without_a_request_per_row(dialogo_server, tmp_path):
    """Issue 6: rows carry their SLA clock in the list page. The first-load benchmark's driver
    (bench/frontend_load.mjs) loads /inbox/all cold and warm; no request asks a case's clocks."""
    require_browser_stack()
    from datetime import timedelta

    from django.utils import timezone

    from tests.inbox_helpers import channel_account, ingest
    from tests.test_sla_engine import HOUR, sla_policy

    tenant = make_tenant("acme")
    # Due in 4 h: outside the breaching-soon window, whose answer would fill those clocks anyway.
    sla_policy(tenant.workspace, None, first_response_seconds=4 * HOUR, first_response_business=False)
    account = channel_account(tenant.workspace, kind="api", name="Shop API")
    for n in range(5):
        ingest(account, sender=f"c{n}", text=f"Hola {n}", at=timezone.now() - timedelta(minutes=5 * n))
    result = subprocess.run(
        ["node", str(PROJECT_DIR / "bench" / "frontend_load.mjs")],
        env={**os.environ, "DIALOGO_URL": dialogo_server.url, "DIALOGO_EMAIL": tenant.agent.user.email,
             "DIALOGO_PASSWORD": PASSWORD, "BENCH_RUNS": "1", "BENCH_WATERFALL": "1"},
        capture_output=True, text=True, timeout=180, cwd=FRONTEND,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}\n--- server log ---\n{dialogo_server.log()[-4000:]}"
    import json

    cold, warm = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert cold["kind"] == "cold" and warm["kind"] == "warm"
    assert cold["rows"] == 5 and cold["interactive_ms"] > 0 and cold["open_case_ms"] > 0
    requested = [path for path, _start, _end in cold["waterfall"]]
    assert any(path.startswith("/api/v1/cases/?") for path in requested), requested
    # The only case whose clocks are asked is the one opened (its header); rows ask nothing.
    for load in (cold, warm):
        asked = {path for path in load["api_calls"] if path.startswith("/api/v1/sla/cases/")}
        assert asked <= {f"/api/v1/sla/cases/{load['opened_case_id']}/"}, load["api_calls"]
    # The opened case's header did ask (so the calls were watched long enough to see row requests).
    assert f"/api/v1/sla/cases/{cold['opened_case_id']}/" in cold["api_calls"], cold["api_calls"]
