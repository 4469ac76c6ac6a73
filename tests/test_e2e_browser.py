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
