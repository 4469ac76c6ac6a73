"""core.reads: the drain's constant-SQL reads build the same instances the ORM builds, and
core.prepared keeps such statements prepared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from channel_accounts.models import ChannelAccount, InboundEvent, InboundEventStatus
from core import reads
from inbox.batch_ingest import BatchItem, _cases, _identities
from inbox.inbound import _claim
from inbox.models import Case, CaseStatus
from sla import selectors
from sla.models import CaseSla, SlaPolicy
from tests.inbox_helpers import channel_account, inbound, ingest
from tests.test_sla_engine import office_calendar, sla_policy

pytestmark = pytest.mark.django_db


def fields_of(obj) -> dict:
    return {model_field.attname: getattr(obj, model_field.attname) for model_field in obj._meta.concrete_fields}


def test_instances_match_the_orm_in_every_field(tenant_a):
    account = channel_account(tenant_a.workspace)
    now = timezone.now()
    event = InboundEvent.objects.create(
        workspace=tenant_a.workspace, channel_account=account, kind=account.kind, status=InboundEventStatus.PENDING,
        received_at=now, headers={"content-type": "application/json", "x-hub-signature-256": "sha256=ab"},
        body=b'{"object": "page", "entry": []}\xff', next_attempt_at=now, outcome={"message": 2},
    )  # fmt: skip
    (read,) = reads.instances(
        InboundEvent, f"SELECT {reads.columns(InboundEvent, 'e')} FROM channel_accounts_inboundevent e WHERE e.id = %s", [event.pk]
    )
    assert fields_of(read) == fields_of(InboundEvent.objects.get(pk=event.pk))
    assert (read._state.adding, read._state.db) == (False, "default")
    (read_account,) = reads.instances(
        ChannelAccount, f"SELECT {reads.columns(ChannelAccount, 'a')} FROM channel_accounts_channelaccount a WHERE a.id = %s", [account.pk]
    )
    stored = ChannelAccount.objects.get(pk=account.pk)
    assert fields_of(read_account) == fields_of(stored)
    assert read_account.credentials == stored.credentials  # the encrypted field decrypts alike


def test_the_claim_takes_due_events_oldest_first_and_skips_locked_ones(tenant_a):
    account = channel_account(tenant_a.workspace)
    now = timezone.now()

    def event(status, due):
        return InboundEvent.objects.create(
            workspace=tenant_a.workspace, channel_account=account, kind=account.kind, status=status,
            received_at=now, body=b"{}", next_attempt_at=due,
        )  # fmt: skip

    later = event(InboundEventStatus.PENDING, now - timedelta(seconds=1))
    older = event(InboundEventStatus.FAILED, now - timedelta(seconds=5))
    event(InboundEventStatus.FAILED, now + timedelta(minutes=5))  # not due yet
    event(InboundEventStatus.DEAD, None)
    event(InboundEventStatus.PROCESSED, None)
    with transaction.atomic():
        assert [e.pk for e in _claim(now, 10)] == [older.pk, later.pk]
        assert [e.pk for e in _claim(now, 1)] == [older.pk]


def test_identities_cases_and_clocks_read_as_the_orm_gives_them(tenant_a):
    account = channel_account(tenant_a.workspace)
    calendar = office_calendar(tenant_a.workspace)
    sla_policy(tenant_a.workspace, calendar, name="With calendar", is_default=False, conditions={"channel_kinds": [account.kind]})
    sla_policy(tenant_a.workspace, None, name="Wall time", position=5)
    first = ingest(account, inbound("ana", "hola")).case
    resolved = ingest(account, inbound("bo", "hi")).case
    Case.objects.filter(pk=resolved.pk).update(status=CaseStatus.RESOLVED, resolved_at=timezone.now())

    items = [BatchItem(account, inbound(sender, "again"), timezone.now()) for sender in ("ana", "bo", "new")]
    identities = _identities(items)
    assert set(identities) == {(account.workspace_id, account.kind, "ana"), (account.workspace_id, account.kind, "bo")}
    for identity in identities.values():
        stored = type(identity).objects.select_related("customer").get(pk=identity.pk)
        assert fields_of(identity) == fields_of(stored)
        assert fields_of(identity.customer) == fields_of(stored.customer)

    with transaction.atomic():
        open_cases, resolved_at, by_pk = _cases(identities.values(), {resolved.pk})
        assert list(by_pk) == sorted([first.pk, resolved.pk])
        assert fields_of(by_pk[first.pk]) == fields_of(Case.objects.get(pk=first.pk))
        assert [case.pk for case in open_cases.values()] == [first.pk]
        assert list(resolved_at.values()) == [Case.objects.get(pk=resolved.pk).resolved_at]

        (clocks,) = selectors.case_slas_locked([first.pk])
        stored = CaseSla.objects.select_related("calendar").get(case_id=first.pk)
        assert fields_of(clocks) == fields_of(stored)
        assert fields_of(clocks.calendar) == fields_of(stored.calendar)

    policies = selectors.active_policies(workspace_id=tenant_a.workspace.pk)
    expected = list(SlaPolicy.objects.filter(workspace=tenant_a.workspace, is_active=True).order_by("is_default", "position", "pk"))
    assert [fields_of(policy) for policy in policies] == [fields_of(policy) for policy in expected]
    assert [policy.calendar and policy.calendar.pk for policy in policies] == [calendar.pk, None]


def _prepared_statements(text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s", [text])
        return cursor.fetchone()[0]


def test_constant_statements_are_prepared_once_per_connection(settings):
    settings.DATABASE_PREPARED_STATEMENTS = True
    with CaptureQueriesContext(connection) as captured:
        assert reads.fetch("SELECT %s::int + 1 AS answer", [1]) == [(2,)]
        assert reads.fetch("SELECT %s::int + 1 AS answer", [41]) == [(42,)]
    assert [query["sql"] for query in captured.captured_queries] == ["SELECT %s::int + 1 AS answer"] * 2  # logged as written
    assert _prepared_statements("SELECT $1::int + 1 AS answer") == 1
    with pytest.raises(DataError), transaction.atomic():  # errors arrive as Django's own
        reads.fetch("SELECT 1 / %s::int AS broken", [0])


def test_without_prepared_statements_django_binds_as_usual(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    assert reads.fetch("SELECT %s::int * 2 AS doubled", [21]) == [(42,)]
    assert _prepared_statements("SELECT $1::int * 2 AS doubled") == 0
