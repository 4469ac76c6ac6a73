"""The SLA sweep as a job, with real transactions: it runs in the worker every minute, never
waits for a case an agent is working on, and skips clocks another transaction holds."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from inbox.models import Case, CaseEvent
from sla import services as sla_services
from sla.models import CaseSla, ClockStatus, SlaEvent
from sla.tasks import sweep_sla_clocks
from tests.conftest import make_tenant
from tests.inbox_helpers import channel_account, ingest
from tests.test_sla_engine import sla_policy

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def overdue_case():
    tenant = make_tenant("sweepco")
    sla_policy(tenant.workspace, None, first_response_seconds=60, first_response_business=False)
    return ingest(channel_account(tenant.workspace), at=timezone.now() - timedelta(minutes=5)).case


def test_the_sweep_is_a_periodic_job_that_never_overlaps():
    periodic = [p for p in app.periodic_registry.periodic_tasks.values() if p.task.name == sweep_sla_clocks.name]
    assert [p.cron for p in periodic] == ["* * * * *"]
    assert sweep_sla_clocks.queueing_lock == "sla_sweep" and sweep_sla_clocks.lock == "sla_sweep"


def test_the_worker_sweeps_and_alerts(overdue_case):
    with transaction.atomic():
        sweep_sla_clocks.defer()
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=["maintenance"], wait=False, install_signal_handlers=False, listen_notify=False)
    # The worker may also defer its own periodic run (left to do); what ran, succeeded.
    statuses = set(ProcrastinateJob.objects.filter(task_name=sweep_sla_clocks.name).values_list("status", flat=True))
    assert "succeeded" in statuses and statuses <= {"succeeded", "todo"}
    assert CaseSla.objects.get(case_id=overdue_case.pk).first_response_status == ClockStatus.BREACHED
    assert CaseEvent.objects.filter(case=overdue_case, kind="sla_breached").count() == 1


def _hold_lock_in_another_transaction(lock, holding: threading.Event, release: threading.Event, errors: list) -> None:
    try:
        with transaction.atomic():
            lock()
            holding.set()
            release.wait(20)
    except Exception as error:  # surfaced by the test
        errors.append(error)
        holding.set()
    finally:
        connection.close()


def _with_lock_held(lock, body):
    holding, release, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=_hold_lock_in_another_transaction, args=(lock, holding, release, errors))
    holder.start()
    try:
        assert holding.wait(20)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # waiting for a lock fails the test instead of hanging
        try:
            return body()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    finally:
        release.set()
        holder.join(20)
        assert not errors, errors


def test_the_sweep_never_waits_for_a_case_an_agent_holds(overdue_case):
    # An agent's action holds the case row (as every inbox service does, then updates the
    # clocks): the sweep marks the breach all the same, without touching the case row.
    examined = _with_lock_held(
        lambda: list(Case.objects.select_for_update().filter(pk=overdue_case.pk)),
        lambda: sla_services.sla_sweep(),
    )
    assert examined == 1
    assert SlaEvent.objects.filter(case_id=overdue_case.pk, kind="breached", dispatched_at__isnull=True).count() == 1


def test_clocks_held_by_another_transaction_are_skipped_then_swept(overdue_case):
    examined = _with_lock_held(
        lambda: list(CaseSla.objects.select_for_update().filter(case_id=overdue_case.pk)),
        lambda: sla_services.sla_sweep(),
    )
    assert examined == 0
    assert sla_services.sla_sweep() == 1
    assert sla_services.sla_sweep() == 0
