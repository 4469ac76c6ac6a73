"""`manage.py simulate_traffic` against the real server: signed webhooks in, cases out."""

from __future__ import annotations

import json
import time
from io import StringIO

import pytest
from conftest import make_tenant
from django.core.management import CommandError, call_command

from channel_accounts.models import InboundEvent
from channel_accounts.services import channel_account_create
from inbox.management.commands.simulate_traffic import start_background_simulator
from inbox.models import Case, Direction, Message

CREDENTIALS = {
    "messenger": ("100200300400500", {"app_secret": "sim-meta-secret", "verify_token": "v", "page_access_token": "p"}),
    "instagram": ("17841400000000000", {"app_secret": "sim-meta-secret", "verify_token": "v", "access_token": "a"}),
    "whatsapp": ("106540352242922", {"app_secret": "sim-meta-secret", "verify_token": "v", "access_token": "a"}),
    "telegram": ("7012345678", {"secret_token": "sim-telegram-secret", "bot_token": "1:b"}),
    "x": ("1500000000000000000", {"consumer_secret": "sim-x-secret", "access_token": "a"}),
    "email": ("hola@acme.test", {"inbound_secret": "sim-mail-secret"}),
}


def seed_accounts(workspace) -> None:
    for kind, (external_id, credentials) in CREDENTIALS.items():
        channel_account_create(
            workspace=workspace, kind=kind, name=f"Acme {kind}", external_id=external_id, credentials=credentials
        )


def wait_until_processed(workspace, expected: int, timeout: float = 30) -> list[InboundEvent]:
    deadline = time.monotonic() + timeout
    while True:
        events = list(InboundEvent.objects.filter(workspace=workspace))
        if len(events) >= expected and all(e.status in ("processed", "ignored", "dead") for e in events):
            return events
        if time.monotonic() > deadline:
            raise AssertionError(f"not processed in {timeout}s: {[(e.kind, e.status, e.error) for e in events]}")
        time.sleep(0.2)


def test_simulated_customers_become_cases(dialogo_server):
    tenant = make_tenant("acme")
    seed_accounts(tenant.workspace)
    out = StringIO()
    call_command(
        "simulate_traffic", "--workspace", "acme", "--base-url", dialogo_server.url,
        "--messages", "24", "--rate", "max", "--pace", "0", "--concurrency", "4", "--seed", "8", stdout=out,
    )  # fmt: skip
    report = out.getvalue()
    assert "sent 24 webhook requests" in report and "2xx 24  4xx 0  5xx 0" in report, report

    events = wait_until_processed(tenant.workspace, 24)
    assert [(e.kind, e.error) for e in events if e.status != "processed"] == []
    messages_in = Message.objects.filter(workspace=tenant.workspace, direction=Direction.IN)
    cases = Case.objects.filter(workspace=tenant.workspace)
    assert cases.count() >= 3
    assert messages_in.count() >= cases.count()
    assert set(cases.values_list("channel_account__kind", flat=True)) <= set(CREDENTIALS)
    # redeliveries of the same bytes are stored as events but never as a second message
    external_ids = list(messages_in.values_list("external_id", flat=True))
    assert len(external_ids) == len(set(external_ids))
    assert sum(e.outcome.get("message", 0) for e in events) == messages_in.count()


def test_background_simulator_for_the_demo_keeps_writing_until_stopped(dialogo_server):
    tenant = make_tenant("acme")
    seed_accounts(tenant.workspace)
    assert start_background_simulator(base_url=dialogo_server.url, workspace_slug="nope") is None
    background = start_background_simulator(base_url=dialogo_server.url, workspace_slug="acme", rate="10/s", pace=0, seed=3)
    time.sleep(1.5)
    summary = background.stop()
    assert not background.running and summary.sent >= 5 and summary.ok == summary.sent, summary.report()
    wait_until_processed(tenant.workspace, summary.sent)
    assert Case.objects.filter(workspace=tenant.workspace).exists()


@pytest.mark.django_db
def test_export_writes_the_accounts_file_and_refuses_an_unknown_workspace(tmp_path):
    tenant = make_tenant("acme")
    seed_accounts(tenant.workspace)
    path = tmp_path / "accounts.json"
    call_command("simulate_traffic", "--workspace", "acme", "--export", str(path), stdout=StringIO())
    accounts = json.loads(path.read_text())
    assert sorted(a["kind"] for a in accounts) == sorted(CREDENTIALS)
    telegram = next(a for a in accounts if a["kind"] == "telegram")
    assert telegram["credentials"]["secret_token"] == "sim-telegram-secret" and telegram["external_id"] == "7012345678"
    assert path.stat().st_mode & 0o077 == 0
    with pytest.raises(CommandError, match="No workspace 'nope'"):
        call_command("simulate_traffic", "--workspace", "nope", "--messages", "1")
