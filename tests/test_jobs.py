"""Jobs are enqueued in the same transaction as the data, and a real worker runs them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from accounts.tasks import purge_expired_sessions

pytestmark = pytest.mark.django_db(transaction=True)


# Each test looks at the job it deferred, by id: a worker started by any test defers the periodic
# purge itself when the suite happens to run at 03:17 UTC (its cron), which CI once did.


def test_a_job_deferred_in_a_rolled_back_transaction_never_exists():
    with pytest.raises(RuntimeError), transaction.atomic():
        job_id = purge_expired_sessions.defer()
        assert ProcrastinateJob.objects.filter(id=job_id).exists()
        raise RuntimeError("crash after enqueue")
    assert not ProcrastinateJob.objects.filter(id=job_id).exists()


def test_the_worker_runs_a_committed_job():
    expired, fresh = SessionStore(), SessionStore()
    expired.set_expiry(timezone.now() - timedelta(minutes=1))
    expired.create()
    fresh.create()

    with transaction.atomic():
        job_id = purge_expired_sessions.defer()

    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(queues=["maintenance"], wait=False, install_signal_handlers=False, listen_notify=False)

    job = ProcrastinateJob.objects.get(id=job_id)
    assert job.status == "succeeded"
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh.session_key]


def test_purge_is_registered_as_a_daily_periodic_job():
    periodic = [p for p in app.periodic_registry.periodic_tasks.values() if p.task.name == purge_expired_sessions.name]
    assert [p.cron for p in periodic] == ["17 3 * * *"]
