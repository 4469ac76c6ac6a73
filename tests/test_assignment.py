"""Automatic assignment and agent presence, on real PostgreSQL.

Round robin and load balancing among online agents with capacity, team policies, the
backlog draining oldest first, and the race of two cases opening at once for one free slot.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Membership, Role
from accounts.services import member_add, team_create
from core.errors import ApplicationError
from core.models import RealtimeEvent
from core.realtime import user_group
from inbox import assignment
from inbox.assignment import assignment_backlog_sweep, on_agent_freed, on_case_opened
from inbox.models import AgentPresence, AssignmentMode, AssignmentPolicy, Case, CaseEvent, CaseEventKind, CaseStatus
from inbox.presence import (
    case_viewers,
    case_viewing_start,
    presence_connect,
    presence_disconnect,
    presence_set_status,
    presence_sweep_stale,
    presence_touch,
)
from reports.models import ReportingEvent
from tests.conftest import make_tenant
from tests.inbox_helpers import channel_account, ingest, later

pytestmark = pytest.mark.django_db

RR, LB, MANUAL = AssignmentMode.ROUND_ROBIN, AssignmentMode.LOAD_BALANCED, AssignmentMode.MANUAL


# --- Builders ---------------------------------------------------------------------------------


def add_member(tenant, name: str, role: str = Role.AGENT) -> Membership:
    return member_add(workspace=tenant.workspace, email=f"{name}@{tenant.workspace.slug}.test", name=name.title(), role=role)


def policy_for(target, mode: str, capacity: int = 10, **fields) -> AssignmentPolicy:
    """A policy for a channel account or a team."""
    key = "team" if target.__class__.__name__ == "Team" else "channel_account"
    return AssignmentPolicy.objects.create(workspace_id=target.workspace_id, mode=mode, agent_capacity=capacity, **{key: target}, **fields)


def online(*memberships: Membership) -> None:
    for membership in memberships:
        presence_connect(membership=membership)


def away(membership: Membership) -> None:
    presence_connect(membership=membership)
    presence_set_status(membership=membership, status="away")


def open_case(account, customer: str, **kwargs) -> Case:
    """A new case through the real ingest path (which calls on_case_opened)."""
    return ingest(account, sender=customer, **kwargs).case


def give(case: Case, membership: Membership, status: str = CaseStatus.OPEN) -> None:
    Case.objects.filter(pk=case.pk).update(assignee=membership, status=status)


def assignee_of(case: Case) -> int | None:
    return Case.objects.values_list("assignee_id", flat=True).get(pk=case.pk)


@pytest.fixture
def account(tenant_a):
    return channel_account(tenant_a.workspace)


@pytest.fixture
def agents(tenant_a):
    """Four fresh agents, offline, in membership order (the tenant's own agent stays offline)."""
    return [add_member(tenant_a, f"agent{i}") for i in range(1, 5)]


# --- Round robin --------------------------------------------------------------------------------


def test_round_robin_takes_turns_in_membership_order_and_wraps_around(account, agents):
    a1, a2, a3, _ = agents
    policy = policy_for(account, RR)
    online(a1, a2, a3)
    cases = [open_case(account, f"c{i}") for i in range(4)]
    assert [c.assignee_id for c in cases] == [a1.pk, a2.pk, a3.pk, a1.pk]
    assert [assignee_of(c) for c in cases] == [a1.pk, a2.pk, a3.pk, a1.pk]
    policy.refresh_from_db()
    assert policy.last_assigned_id == a1.pk


def test_round_robin_skips_away_offline_stale_and_full_agents(account, agents, tenant_a):
    a1, a2, a3, a4 = agents
    stale = add_member(tenant_a, "stale")
    full = [open_case(account, "old-1"), open_case(account, "old-2")]  # no policy yet: stay unassigned
    give(full[0], a4)
    give(full[1], a4, status=CaseStatus.PENDING)  # waiting on the customer still counts
    policy_for(account, RR, capacity=2, last_assigned=a1)
    online(a1, a4)
    away(a2)  # connected, but said "away"
    # a3 never connects; `stale` was connected on a process that died three minutes ago
    online(stale)
    AgentPresence.objects.filter(membership=stale).update(last_seen_at=timezone.now() - timedelta(minutes=3))

    case = open_case(account, "new")
    assert case.assignee_id == a1.pk  # the turn after a1 wraps past everyone else back to a1
    assert open_case(account, "newer").assignee_id == a1.pk
    assert open_case(account, "newest").assignee_id is None  # a1 is full now too: backlog


def test_resolved_cases_do_not_count_against_capacity(account, agents):
    a1 = agents[0]
    for i in range(3):
        old = open_case(account, f"done-{i}")
        give(old, a1, status=CaseStatus.RESOLVED)
    policy_for(account, RR, capacity=1)
    online(a1)
    assert open_case(account, "fresh").assignee_id == a1.pk
    assert open_case(account, "one-too-many").assignee_id is None


def test_capacity_counts_open_cases_from_every_channel(tenant_a, agents):
    a1 = agents[0]
    busy_account, strict_account = channel_account(tenant_a.workspace), channel_account(tenant_a.workspace)
    policy_for(busy_account, RR, capacity=5)
    policy_for(strict_account, RR, capacity=2)
    online(a1)
    assert [open_case(busy_account, f"b{i}").assignee_id for i in range(2)] == [a1.pk, a1.pk]
    assert open_case(strict_account, "s1").assignee_id is None  # two open already: at this policy's capacity
    assert open_case(busy_account, "b3").assignee_id == a1.pk


def test_agents_first_supervisors_and_admins_only_when_no_agent_has_room(account, agents, tenant_a):
    a1 = agents[0]
    supervisor = add_member(tenant_a, "sup", role=Role.SUPERVISOR)
    admin = tenant_a.admin  # joined before everyone: lowest pk
    policy_for(account, RR, capacity=1)
    online(admin, supervisor, a1)
    assignees = [open_case(account, f"c{i}").assignee_id for i in range(4)]
    assert assignees == [a1.pk, supervisor.pk, admin.pk, None]


def test_manual_policy_and_no_policy_assign_nobody(account, agents, tenant_a):
    online(agents[0])
    assert open_case(account, "no-policy").assignee_id is None
    other = channel_account(tenant_a.workspace)
    policy_for(other, MANUAL)
    assert open_case(other, "manual").assignee_id is None


def test_a_case_that_already_has_an_assignee_keeps_it(account, agents):
    a1, a2 = agents[:2]
    case = open_case(account, "c")
    give(case, a2)
    policy_for(account, RR)
    online(a1)
    assert on_case_opened(case) is None
    assert assignee_of(case) == a2.pk


# --- Load balanced -----------------------------------------------------------------------------


def test_load_balanced_picks_the_least_loaded_and_takes_turns_on_ties(account, agents):
    a1, a2, a3, _ = agents
    for membership, count in ((a1, 3), (a2, 1), (a3, 2)):
        for i in range(count):
            give(open_case(account, f"{membership.pk}-{i}"), membership)
    policy_for(account, LB, capacity=4)
    online(a1, a2, a3)
    # loads 3/1/2 → a2; then 3/2/2, tie after a2 → a3; then 3/2/3 → a2; then 3/3/3 after a2 → a3;
    # then 3/3/4 (a3 full) → a1 after a3 wraps; then 4/3/4 → a2; then everyone is full.
    assignees = [open_case(account, f"new-{i}").assignee_id for i in range(7)]
    assert assignees == [a2.pk, a3.pk, a2.pk, a3.pk, a1.pk, a2.pk, None]


# --- Teams --------------------------------------------------------------------------------------


def test_team_policy_uses_only_team_members(account, agents, tenant_a):
    a1, a2, a3, _ = agents
    team = team_create(workspace=tenant_a.workspace, name="Billing", member_ids=[a2.pk, a3.pk])
    billing = [open_case(account, f"billing-{i}") for i in range(2)]
    Case.objects.filter(pk__in=[c.pk for c in billing]).update(team=team)
    policy_for(account, RR)
    policy_for(team, RR, last_assigned=a3)
    online(a1, a2, a3)

    assert open_case(account, "general").assignee_id == a1.pk  # no team: the account's policy
    # In the team only its members take turns, from after a3 (wrapping) — never a1.
    assert [on_case_opened(case) for case in billing] == [a2, a3]
    assert [assignee_of(case) for case in billing] == [a2.pk, a3.pk]


def test_a_team_without_a_policy_assigns_by_hand(account, agents, tenant_a):
    a1 = agents[0]
    team = team_create(workspace=tenant_a.workspace, name="VIP", member_ids=[a1.pk])
    case = open_case(account, "vip")
    policy_for(account, RR)
    online(a1)
    Case.objects.filter(pk=case.pk).update(team=team)
    assert on_case_opened(case) is None
    assert assignee_of(case) is None


# --- Backlog ------------------------------------------------------------------------------------


def test_backlog_drains_oldest_first_when_an_agent_comes_online(account, agents, django_capture_on_commit_callbacks):
    a1 = agents[0]
    policy_for(account, RR, capacity=2)
    middle = open_case(account, "middle", at=later(minutes=5))
    oldest = open_case(account, "oldest", at=later(minutes=0))
    newest = open_case(account, "newest", at=later(minutes=10))
    assert [assignee_of(c) for c in (middle, oldest, newest)] == [None, None, None]

    with django_capture_on_commit_callbacks(execute=True):
        online(a1)
    assert [assignee_of(c) for c in (oldest, middle, newest)] == [a1.pk, a1.pk, None]
    assigned = CaseEvent.objects.filter(kind=CaseEventKind.ASSIGNED).order_by("pk")
    assert [(e.case_id, e.actor_id, e.data) for e in assigned] == [
        (oldest.pk, None, {"assignee_id": a1.pk, "automatic": True}),
        (middle.pk, None, {"assignee_id": a1.pk, "automatic": True}),
    ]

    # a1 resolves one: the room goes to the next oldest.
    Case.objects.filter(pk=oldest.pk).update(status=CaseStatus.RESOLVED)
    assert on_agent_freed(a1) == [newest]
    assert assignee_of(newest) == a1.pk
    assert on_agent_freed(a1) == []  # nothing left; calling again is harmless


def test_backlog_drain_respects_policies_and_teams(account, agents, tenant_a, django_capture_on_commit_callbacks):
    a1, a2 = agents[:2]
    manual_account = channel_account(tenant_a.workspace)
    team = team_create(workspace=tenant_a.workspace, name="Billing", member_ids=[a2.pk])
    other_team = team_create(workspace=tenant_a.workspace, name="Sales", member_ids=[])
    policy_for(account, RR)
    policy_for(team, LB)
    policy_for(other_team, RR)
    by_hand = open_case(manual_account, "by-hand", at=later(minutes=0))
    billing = open_case(account, "billing", at=later(minutes=1))
    sales = open_case(account, "sales", at=later(minutes=2))
    general = open_case(account, "general", at=later(minutes=3))
    Case.objects.filter(pk=billing.pk).update(team=team)
    Case.objects.filter(pk=sales.pk).update(team=other_team)

    with django_capture_on_commit_callbacks(execute=True):
        online(a1)  # not in Billing: only the general case
    assert [assignee_of(c) for c in (by_hand, billing, sales, general)] == [None, None, None, a1.pk]
    with django_capture_on_commit_callbacks(execute=True):
        online(a2)
    assert [assignee_of(c) for c in (by_hand, billing, sales)] == [None, a2.pk, None]


def test_an_away_agent_drains_nothing_until_they_say_online(account, agents, django_capture_on_commit_callbacks):
    a1 = agents[0]
    policy_for(account, RR)
    waiting = open_case(account, "waiting")
    with django_capture_on_commit_callbacks(execute=True):
        away(a1)
    assert assignee_of(waiting) is None
    with django_capture_on_commit_callbacks(execute=True):
        presence_set_status(membership=a1, status="online")
    assert assignee_of(waiting) == a1.pk


def test_backlog_sweep_catches_what_a_race_left_behind(account, agents):
    a1 = agents[0]
    policy_for(account, RR, capacity=1)
    left_behind = open_case(account, "left-behind")
    # Online without the drain that coming online triggers (as if the case committed just after it).
    online(a1)
    assert assignee_of(left_behind) is None
    assert assignment_backlog_sweep() == 1
    assert assignee_of(left_behind) == a1.pk
    assert assignment_backlog_sweep() == 0


def test_an_automatic_assignment_is_recorded_reported_and_published(account, agents):
    a1 = agents[0]
    policy_for(account, RR)
    online(a1)
    case = open_case(account, "c")
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.ASSIGNED)
    assert event.actor_id is None and event.data == {"assignee_id": a1.pk, "automatic": True}
    report = ReportingEvent.objects.get(kind="case_assigned", case_id=case.pk)
    assert report.membership_id == a1.pk and report.data == {"automatic": True, "actor_id": None}
    published = RealtimeEvent.objects.filter(type="case.updated", payload__id=case.pk, payload__assignee_id=a1.pk).get()
    assert user_group(a1.user_id) in published.groups


# --- Concurrency --------------------------------------------------------------------------------


def run_concurrently(*calls):
    """Run each call on its own thread (so its own database connection), all released at once."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as error:  # noqa: B036 — reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


@pytest.fixture
def slow_counting(monkeypatch):
    """Widen the race: every load count takes a while, so both transactions have read the
    agent's load before either writes — without the locks both would assign."""
    count = assignment._open_case_counts

    def slow(*args):
        result = count(*args)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(assignment, "_open_case_counts", slow)


@pytest.mark.django_db(transaction=True)
def test_two_cases_opening_at_once_never_exceed_capacity(slow_counting):
    tenant = make_tenant("acme")
    account = channel_account(tenant.workspace)
    agent = add_member(tenant, "solo")
    policy = policy_for(account, MANUAL, capacity=1)
    online(agent)
    first, second = open_case(account, "c1"), open_case(account, "c2")
    AssignmentPolicy.objects.filter(pk=policy.pk).update(mode=RR)

    results = run_concurrently(lambda: on_case_opened(first), lambda: on_case_opened(second))
    assert sorted(r.pk if r else 0 for r in results) == [0, agent.pk]
    assert Case.objects.filter(assignee=agent).count() == 1
    assert CaseEvent.objects.filter(kind=CaseEventKind.ASSIGNED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_policies_assigning_at_once_never_exceed_an_agents_capacity(slow_counting):
    tenant = make_tenant("acme")
    account = channel_account(tenant.workspace)
    agent = add_member(tenant, "solo")
    team = team_create(workspace=tenant.workspace, name="Billing", member_ids=[agent.pk])
    policy_for(team, RR, capacity=1)
    account_policy = policy_for(account, MANUAL, capacity=1)
    online(agent)
    team_case, general_case = open_case(account, "c1"), open_case(account, "c2")
    Case.objects.filter(pk=team_case.pk).update(team=team)
    AssignmentPolicy.objects.filter(pk=account_policy.pk).update(mode=LB)

    results = run_concurrently(lambda: on_case_opened(team_case), lambda: on_case_opened(general_case))
    assert sorted(r.pk if r else 0 for r in results) == [0, agent.pk]
    assert Case.objects.filter(assignee=agent).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_drain_and_a_new_case_at_once_never_exceed_capacity(slow_counting):
    tenant = make_tenant("acme")
    account = channel_account(tenant.workspace)
    agent = add_member(tenant, "solo")
    policy = policy_for(account, MANUAL, capacity=1)
    waiting, fresh = open_case(account, "c1"), open_case(account, "c2")
    online(agent)  # its drain finds only a manual policy
    AssignmentPolicy.objects.filter(pk=policy.pk).update(mode=RR)

    run_concurrently(lambda: on_agent_freed(agent), lambda: on_case_opened(fresh))
    assert Case.objects.filter(assignee=agent).count() == 1
    assert Case.objects.filter(pk__in=[waiting.pk, fresh.pk], assignee__isnull=True).count() == 1


# --- Presence -----------------------------------------------------------------------------------


def presence_events(membership: Membership) -> list[str]:
    return [
        payload["status"]
        for payload in RealtimeEvent.objects.filter(type="presence.updated", payload__membership_id=membership.pk)
        .order_by("seq")
        .values_list("payload", flat=True)
    ]


def effective(membership: Membership) -> str:
    return AgentPresence.objects.get(membership=membership).effective_status


def test_effective_status_needs_a_socket_and_the_agents_say_so(agents):
    a1 = agents[0]
    presence_set_status(membership=a1, status="online")  # no socket: still offline, nothing announced
    assert effective(a1) == "offline" and presence_events(a1) == []

    steps = [
        (lambda: presence_connect(membership=a1), "online"),
        (lambda: presence_set_status(membership=a1, status="away"), "away"),
        (lambda: presence_set_status(membership=a1, status="online"), "online"),
        (lambda: presence_connect(membership=a1), "online"),  # a second tab
        (lambda: presence_disconnect(membership=a1), "online"),  # one tab left
        (lambda: presence_disconnect(membership=a1), "offline"),
        (lambda: presence_disconnect(membership=a1), "offline"),  # a late duplicate: the count stays at 0
    ]
    for step, expected in steps:
        step()
        assert effective(a1) == expected
    assert AgentPresence.objects.get(membership=a1).connections == 0
    # Announced only when what others see changed.
    assert presence_events(a1) == ["online", "away", "online", "offline"]
    event = RealtimeEvent.objects.filter(type="presence.updated").first()
    assert event.payload == {"membership_id": a1.pk, "user_id": a1.user_id, "status": "online"}
    assert event.groups == [f"supervision.{a1.workspace_id}", f"user.{a1.user_id}"]


def test_an_unknown_status_is_refused(agents):
    with pytest.raises(ApplicationError) as error:
        presence_set_status(membership=agents[0], status="busy")
    assert "status" in error.value.extra["fields"]


def test_counts_left_by_a_dead_process_expire_and_restart(agents):
    a1 = agents[0]
    presence_connect(membership=a1)
    presence_connect(membership=a1)
    three_minutes_ago = timezone.now() - timedelta(minutes=3)
    AgentPresence.objects.filter(membership=a1).update(last_seen_at=three_minutes_ago)
    assert effective(a1) == "offline"  # nobody refreshed it: the process holding the sockets died

    presence_connect(membership=a1)  # the agent's browser reconnects to a live process
    row = AgentPresence.objects.get(membership=a1)
    assert row.connections == 1 and row.effective_status == "online"
    presence_disconnect(membership=a1)
    assert effective(a1) == "offline"
    assert presence_events(a1) == ["online", "online", "offline"]


def test_the_stale_sweep_zeroes_dead_counts_and_announces_offline(agents):
    a1, a2 = agents[:2]
    presence_connect(membership=a1)
    presence_connect(membership=a2)
    case = open_case(channel_account(a1.workspace), "c")
    case_viewing_start(membership=a1, case_id=case.pk)
    assert [v["membership_id"] for v in case_viewers(workspace_id=a1.workspace_id, case_id=case.pk)] == [a1.pk]
    AgentPresence.objects.filter(membership=a1).update(last_seen_at=timezone.now() - timedelta(minutes=3))
    assert case_viewers(workspace_id=a1.workspace_id, case_id=case.pk) == []  # expired with the process

    assert presence_sweep_stale() == 1
    row = AgentPresence.objects.get(membership=a1)
    assert (row.connections, row.viewing) == (0, {})
    assert presence_events(a1) == ["online", "offline"]
    assert effective(a2) == "online" and presence_sweep_stale() == 0


def test_a_heartbeat_refreshes_presence_and_revives_a_zeroed_count(agents):
    a1 = agents[0]
    presence_connect(membership=a1)
    AgentPresence.objects.filter(membership=a1).update(connections=0, last_seen_at=timezone.now() - timedelta(minutes=3))
    presence_touch(membership=a1)  # the socket was alive all along (its process lost the database)
    row = AgentPresence.objects.get(membership=a1)
    assert row.connections == 1 and row.effective_status == "online"
    assert timezone.now() - row.last_seen_at < timedelta(seconds=5)
    assert presence_events(a1) == ["online", "online"]


def test_the_common_heartbeat_is_one_update_and_announces_nothing(agents):
    from django.test.utils import CaptureQueriesContext

    a1 = agents[0]
    presence_connect(membership=a1)
    before = AgentPresence.objects.get(membership=a1).last_seen_at
    with CaptureQueriesContext(connection) as queries:
        presence_touch(membership=a1)  # connected and fresh: nothing anyone sees changes
    assert len(queries) == 1 and queries[0]["sql"].startswith("UPDATE")
    assert AgentPresence.objects.get(membership=a1).last_seen_at > before
    assert presence_events(a1) == ["online"]


@pytest.mark.django_db(transaction=True)
def test_the_beat_on_its_own_commits_without_waiting_for_the_flush_and_still_refreshes():
    """As the consumer calls it (autocommit): one statement that turns the flush wait off for
    itself only; inside a caller's transaction the plain UPDATE keeps that transaction's
    durability."""
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    tenant = make_tenant("acme")
    agent = add_member(tenant, "solo")
    presence_connect(membership=agent)
    before = AgentPresence.objects.get(membership=agent).last_seen_at
    with CaptureQueriesContext(connection) as queries:
        presence_touch(membership=agent)
    assert len(queries) == 1 and "set_config('synchronous_commit', 'off', true)" in queries[0]["sql"]
    assert AgentPresence.objects.get(membership=agent).last_seen_at > before
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)  # nothing leaks into the connection's next work
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        presence_touch(membership=agent)
    assert "synchronous_commit" not in queries[0]["sql"]


def test_viewers_count_each_socket(agents):
    a1, a2 = agents[:2]
    case = open_case(channel_account(a1.workspace), "c")
    online(a1, a1, a2)  # a1 has two tabs open
    case_viewing_start(membership=a1, case_id=case.pk)
    case_viewing_start(membership=a1, case_id=case.pk)
    case_viewing_start(membership=a2, case_id=case.pk)
    viewers = case_viewers(workspace_id=a1.workspace_id, case_id=case.pk)
    assert viewers == [
        {"membership_id": a1.pk, "user_id": a1.user_id, "name": "Agent1"},
        {"membership_id": a2.pk, "user_id": a2.user_id, "name": "Agent2"},
    ]
    presence_disconnect(membership=a1, viewed_case_ids=[case.pk])  # one of a1's tabs closes
    assert [v["membership_id"] for v in case_viewers(workspace_id=a1.workspace_id, case_id=case.pk)] == [a1.pk, a2.pk]
    presence_disconnect(membership=a1, viewed_case_ids=[case.pk])
    assert [v["membership_id"] for v in case_viewers(workspace_id=a1.workspace_id, case_id=case.pk)] == [a2.pk]


def test_a_case_of_another_workspace_cannot_be_viewed(agents, tenant_b):
    foreign = open_case(channel_account(tenant_b.workspace), "c")
    with pytest.raises(ApplicationError) as error:
        case_viewing_start(membership=agents[0], case_id=foreign.pk)
    assert error.value.code == "not_found"
    assert AgentPresence.objects.filter(membership=agents[0], viewing__has_key=str(foreign.pk)).count() == 0


def test_periodic_jobs_are_registered_every_minute():
    from procrastinate.contrib.django import app

    from inbox.tasks import sweep_assignment_backlog, sweep_stale_presence

    crons = {p.task.name: p.cron for p in app.periodic_registry.periodic_tasks.values()}
    assert crons[sweep_stale_presence.name] == crons[sweep_assignment_backlog.name] == "* * * * *"
