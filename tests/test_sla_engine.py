"""The SLA engine through the real inbox: cases opened by the ingest, agents acting through
inbox.services, clocks kept by inbox.sla_bridge → sla.services, alerts by the sweep."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from accounts.services import member_add, team_create
from core.models import RealtimeEvent
from customers.services import customer_tag
from inbox import services as inbox_services
from inbox.models import Case, CaseEvent, CaseStatus, Priority
from sla import services as sla_services
from sla.models import CaseSla, ClockStatus, SlaEvent, SlaEventKind
from tests.inbox_helpers import channel_account, inbound, ingest

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")
HOUR = 3600
_names = itertools.count(1)


def madrid(*args) -> datetime:
    return datetime(*args, tzinfo=MADRID)


class FrozenClock:
    """timezone.now() for the inbox services (replies, status changes stamp `now`)."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> datetime:
        self.moment = moment
        return moment


@pytest.fixture
def clock(monkeypatch):
    frozen = FrozenClock(madrid(2026, 11, 16, 8))
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


def office_calendar(workspace, *, tz: str = "Europe/Madrid", start: str = "09:00", end: str = "17:00", **fields):
    return sla_services.calendar_create(
        workspace=workspace,
        name=fields.pop("name", f"Office {next(_names)}"),
        timezone=tz,
        hours=[{"weekday": day, "start": start, "end": end} for day in range(5)],
        **fields,
    )


def sla_policy(workspace, calendar=None, **fields):
    values = {"name": f"Policy {next(_names)}", "is_default": True, "calendar": calendar, "first_response_seconds": HOUR}
    values.update(fields)
    return sla_services.policy_create(workspace=workspace, **values)


def clocks_of(case) -> CaseSla:
    return CaseSla.objects.get(case_id=case.pk)


def sla_events(case, kind=None) -> list[tuple[str, str, int]]:
    rows = SlaEvent.objects.filter(case_id=case.pk).order_by("pk")
    if kind:
        rows = rows.filter(kind=kind)
    return [(row.target, row.kind, row.cycle) for row in rows]


def timeline_kinds(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def account(tenant_a):
    return channel_account(tenant_a.workspace)


@pytest.fixture
def office(tenant_a):
    return office_calendar(tenant_a.workspace)


# --- The worked examples -------------------------------------------------------------


class TestBusinessHours:
    def test_friday_1630_case_with_a_one_hour_target_breaches_monday_0930(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=madrid(2026, 11, 20, 16, 30)).case  # a Friday
        sla = clocks_of(case)
        assert sla.first_response_due_at == madrid(2026, 11, 23, 9, 30)
        # 80 %: 48 business minutes = 30 on Friday + 18 on Monday.
        assert sla.first_response_at_risk_at == madrid(2026, 11, 23, 9, 18)
        assert sla.next_check_at == madrid(2026, 11, 23, 9, 18)

        assert sla_services.sla_sweep(now=madrid(2026, 11, 23, 9, 17)) == 0
        assert sla_services.sla_sweep(now=madrid(2026, 11, 23, 9, 18)) == 1
        assert clocks_of(case).first_response_status == ClockStatus.AT_RISK
        assert sla_services.sla_sweep(now=madrid(2026, 11, 23, 9, 29, 59)) == 0
        assert sla_services.sla_sweep(now=madrid(2026, 11, 23, 9, 31)) == 1
        sla = clocks_of(case)
        assert sla.first_response_status == ClockStatus.BREACHED
        assert sla.first_response_margin_seconds == -60
        assert sla.next_check_at is None and sla.next_due_at is None
        assert sla_events(case) == [("first_response", "at_risk", 1), ("first_response", "breached", 1)]
        breach = SlaEvent.objects.get(case_id=case.pk, kind=SlaEventKind.BREACHED)
        assert breach.occurred_at == madrid(2026, 11, 23, 9, 30) and breach.business

    def test_answer_before_the_deadline_is_met_with_its_margin(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=madrid(2026, 11, 20, 16, 30)).case
        clock.set(madrid(2026, 11, 23, 9, 10))
        inbox_services.case_reply(case=case, author=tenant_a.agent, text="Hola")
        sla = clocks_of(case)
        assert sla.first_response_status == ClockStatus.MET
        assert sla.first_response_margin_seconds == 20 * 60  # business minutes to spare
        assert sla.first_response_completed_at == madrid(2026, 11, 23, 9, 10)
        assert sla_events(case) == [("first_response", "met", 1)]

    def test_a_late_answer_stays_breached_with_the_final_lateness(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=madrid(2026, 11, 20, 16, 30)).case
        clock.set(madrid(2026, 11, 23, 11, 0))  # no sweep ran: the reply notices the breach itself
        inbox_services.case_reply(case=case, author=tenant_a.agent, text="Perdón por la espera")
        sla = clocks_of(case)
        assert sla.first_response_status == ClockStatus.BREACHED
        assert sla.first_response_margin_seconds == -90 * 60
        assert sla_events(case) == [("first_response", "breached", 1)]

    def test_a_holiday_is_skipped(self, tenant_a, account, clock):
        calendar = office_calendar(tenant_a.workspace, holiday_country="ES", holiday_subdivision="MD")
        sla_policy(tenant_a.workspace, calendar, first_response_seconds=2 * HOUR)
        case = ingest(account, at=madrid(2026, 12, 4, 16, 0)).case  # Friday before 7 and 8 December
        assert clocks_of(case).first_response_due_at == madrid(2026, 12, 9, 10, 0)

    def test_custom_holidays_are_skipped(self, tenant_a, account, clock):
        calendar = office_calendar(tenant_a.workspace, custom_holidays=[{"date": "2026-11-23", "name": "Company day"}])
        sla_policy(tenant_a.workspace, calendar, first_response_seconds=HOUR)
        case = ingest(account, at=madrid(2026, 11, 20, 16, 30)).case
        assert clocks_of(case).first_response_due_at == madrid(2026, 11, 24, 9, 30)

    def test_across_a_dst_switch_business_hours_stay_local(self, tenant_a, account, clock):
        calendar = office_calendar(tenant_a.workspace, tz="America/New_York")
        sla_policy(tenant_a.workspace, calendar, first_response_seconds=2 * HOUR)
        case = ingest(account, at=datetime(2026, 3, 6, 16, 0, tzinfo=NEW_YORK)).case  # DST starts Sunday 8 March
        due = clocks_of(case).first_response_due_at
        assert due == datetime(2026, 3, 9, 10, 0, tzinfo=NEW_YORK)
        assert due.astimezone(UTC).hour == 14  # EDT, one hour closer to UTC than on Friday (21:00 UTC)

    def test_the_at_risk_share_is_the_policys(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=4 * HOUR, at_risk_share="0.50")
        case = ingest(account, at=madrid(2026, 11, 16, 9, 0)).case
        assert clocks_of(case).first_response_at_risk_at == madrid(2026, 11, 16, 11, 0)

    def test_wall_time_targets_ignore_the_calendar(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, first_response_business=False)
        case = ingest(account, at=madrid(2026, 11, 20, 16, 30)).case
        sla = clocks_of(case)
        assert sla.first_response_due_at == madrid(2026, 11, 20, 17, 30)
        assert sla.first_response_at_risk_at == madrid(2026, 11, 20, 17, 18)

    def test_no_calendar_means_around_the_clock(self, tenant_a, account, clock):
        sla_policy(tenant_a.workspace, None, first_response_seconds=HOUR)
        case = ingest(account, at=madrid(2026, 11, 21, 23, 30)).case
        assert clocks_of(case).first_response_due_at == madrid(2026, 11, 22, 0, 30)


# --- Pauses, stops and reopening -----------------------------------------------------------------


class TestPauses:
    def test_pending_across_a_weekend_pushes_resolution_by_the_paused_business_time(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, next_response_seconds=2 * HOUR, resolution_seconds=4 * HOUR)
        case = ingest(account, external_id="m1", at=clock.set(madrid(2026, 11, 20, 15, 0)), sender="ana").case
        assert clocks_of(case).resolution_due_at == madrid(2026, 11, 23, 11, 0)  # 2 h Friday + 2 h Monday

        clock.set(madrid(2026, 11, 20, 15, 10))
        inbox_services.case_reply(case=case, author=tenant_a.agent, text="¿Me mandas el número de pedido?")
        clock.set(madrid(2026, 11, 20, 16, 0))
        inbox_services.case_set_status(case=case, status=CaseStatus.PENDING, actor=tenant_a.agent)
        sla = clocks_of(case)
        assert sla.paused_at == madrid(2026, 11, 20, 16, 0)
        assert sla.resolution_due_at is None and sla.next_check_at is None and sla.next_due_at is None
        # Nothing happens over the weekend, whatever the sweep.
        assert sla_services.sla_sweep(now=madrid(2026, 11, 23, 12, 0)) == 0

        # Monday 10:00 the customer answers: the case wakes up and the clocks run again.
        ingest(account, external_id="m2", at=madrid(2026, 11, 23, 10, 0), sender="ana")
        case.refresh_from_db()
        sla = clocks_of(case)
        assert case.status == CaseStatus.OPEN and sla.paused_at is None
        assert sla.pauses == [[madrid(2026, 11, 20, 16).isoformat(), madrid(2026, 11, 23, 10).isoformat()]]
        # 1 h elapsed before the pause; 3 h left from Monday 10:00.
        assert sla.resolution_due_at == madrid(2026, 11, 23, 13, 0)
        assert sla.next_response_status == ClockStatus.ON_TRACK
        assert sla.next_response_started_at == madrid(2026, 11, 23, 10, 0)
        assert sla.next_response_due_at == madrid(2026, 11, 23, 12, 0)

    def test_snooze_pauses_and_waking_resumes(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=2 * HOUR)
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9, 0))).case
        clock.set(madrid(2026, 11, 16, 10, 0))
        inbox_services.case_snooze(case=case, until=madrid(2026, 11, 16, 13, 0), actor=tenant_a.agent)
        assert clocks_of(case).paused_at == madrid(2026, 11, 16, 10, 0)
        clock.set(madrid(2026, 11, 16, 13, 0))
        assert inbox_services.snoozed_cases_wake() == 1
        sla = clocks_of(case)
        assert sla.paused_at is None
        assert sla.first_response_due_at == madrid(2026, 11, 16, 14, 0)  # 1 h before, 1 h after

    def test_a_breach_before_the_pause_is_kept(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9, 0))).case
        clock.set(madrid(2026, 11, 16, 11, 0))
        inbox_services.case_set_status(case=case, status=CaseStatus.PENDING, actor=tenant_a.agent)
        sla = clocks_of(case)
        assert sla.first_response_status == ClockStatus.BREACHED
        assert sla.first_response_due_at == madrid(2026, 11, 16, 10, 0)
        assert sla_events(case) == [("first_response", "breached", 1)]

    def test_resolving_stops_the_clocks_and_meets_the_resolution(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, resolution_seconds=8 * HOUR)
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9, 0))).case
        clock.set(madrid(2026, 11, 16, 9, 30))
        inbox_services.case_set_status(case=case, status=CaseStatus.RESOLVED, actor=tenant_a.agent)
        sla = clocks_of(case)
        assert sla.stopped_at == madrid(2026, 11, 16, 9, 30)
        assert sla.resolution_status == ClockStatus.MET and sla.resolution_margin_seconds == int(7.5 * HOUR)
        assert sla.first_response_status == ClockStatus.STOPPED  # resolved without a reply
        assert sla.next_check_at is None and sla.next_due_at is None
        assert sla_services.sla_sweep(now=madrid(2026, 11, 30)) == 0

    def test_spam_stops_everything_without_meeting(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, resolution_seconds=8 * HOUR)
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9, 0))).case
        inbox_services.case_set_status(case=case, status=CaseStatus.SPAM, actor=tenant_a.agent)
        sla = clocks_of(case)
        assert (sla.first_response_status, sla.resolution_status) == (ClockStatus.STOPPED, ClockStatus.STOPPED)
        assert sla_events(case) == []

    def test_reopen_restarts_resolution_in_full(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, next_response_seconds=HOUR, resolution_seconds=4 * HOUR)
        case = ingest(account, external_id="m1", at=clock.set(madrid(2026, 11, 16, 9, 0)), sender="ana").case
        clock.set(madrid(2026, 11, 16, 9, 15))
        inbox_services.case_reply(case=case, author=tenant_a.agent, text="Resuelto")
        clock.set(madrid(2026, 11, 16, 9, 30))
        inbox_services.case_set_status(case=case, status=CaseStatus.RESOLVED, actor=tenant_a.agent)
        # The customer writes again next morning: the ingest reopens the case.
        result = ingest(account, external_id="m2", at=madrid(2026, 11, 17, 10, 0), sender="ana")
        assert result.case_reopened
        sla = clocks_of(case)
        assert sla.stopped_at is None
        assert (sla.resolution_status, sla.resolution_cycle) == (ClockStatus.ON_TRACK, 2)
        assert sla.resolution_started_at == madrid(2026, 11, 17, 10, 0)
        assert sla.resolution_due_at == madrid(2026, 11, 17, 14, 0)
        assert sla.first_response_status == ClockStatus.MET  # answered before; stays answered
        assert (sla.next_response_status, sla.next_response_due_at) == (ClockStatus.ON_TRACK, madrid(2026, 11, 17, 11, 0))
        assert sla_events(case, SlaEventKind.MET) == [("first_response", "met", 1), ("resolution", "met", 1)]

    def test_reopen_can_resume_resolution_without_the_resolved_time(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, resolution_seconds=4 * HOUR, resolution_on_reopen="resume")
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9, 0))).case
        clock.set(madrid(2026, 11, 16, 10, 0))
        inbox_services.case_set_status(case=case, status=CaseStatus.RESOLVED, actor=tenant_a.agent)
        clock.set(madrid(2026, 11, 17, 9, 0))
        inbox_services.case_set_status(case=case, status=CaseStatus.OPEN, actor=tenant_a.agent)
        sla = clocks_of(case)
        # 1 h was used on Monday; 3 h left from Tuesday 09:00.
        assert sla.resolution_started_at == madrid(2026, 11, 16, 9, 0)
        assert (sla.resolution_due_at, sla.resolution_cycle) == (madrid(2026, 11, 17, 12, 0), 2)

    def test_a_case_reopened_without_ever_being_answered_restarts_its_first_response(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9, 0))).case
        inbox_services.case_set_status(case=case, status=CaseStatus.RESOLVED, actor=tenant_a.agent)
        clock.set(madrid(2026, 11, 16, 12, 0))
        inbox_services.case_set_status(case=case, status=CaseStatus.OPEN, actor=tenant_a.agent)
        sla = clocks_of(case)
        assert (sla.first_response_status, sla.first_response_cycle) == (ClockStatus.ON_TRACK, 2)
        assert sla.first_response_due_at == madrid(2026, 11, 16, 13, 0)


class TestNextResponse:
    def test_runs_from_the_oldest_unanswered_message_to_the_next_reply(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, next_response_seconds=HOUR)
        case = ingest(account, external_id="m1", at=clock.set(madrid(2026, 11, 16, 9, 0)), sender="ana").case
        clock.set(madrid(2026, 11, 16, 9, 5))
        inbox_services.case_reply(case=case, author=tenant_a.agent, text="Hola")
        assert clocks_of(case).next_response_status == ClockStatus.NONE

        ingest(account, external_id="m2", at=madrid(2026, 11, 16, 10, 0), sender="ana")
        ingest(account, external_id="m3", at=madrid(2026, 11, 16, 10, 20), sender="ana")
        sla = clocks_of(case)
        assert (sla.next_response_started_at, sla.next_response_cycle) == (madrid(2026, 11, 16, 10, 0), 1)
        assert sla.next_response_due_at == madrid(2026, 11, 16, 11, 0)

        clock.set(madrid(2026, 11, 16, 10, 45))
        inbox_services.case_reply(case=case, author=tenant_a.agent, text="Aquí está")
        sla = clocks_of(case)
        assert (sla.next_response_status, sla.next_response_margin_seconds) == (ClockStatus.MET, 15 * 60)
        assert (sla.next_response_met_count, sla.next_response_breached_count) == (1, 0)

        # A second wait is a second cycle, breached this time. A sweep that finds both the
        # at-risk point and the deadline passed reports the breach only.
        ingest(account, external_id="m4", at=madrid(2026, 11, 16, 12, 0), sender="ana")
        assert sla_services.sla_sweep(now=madrid(2026, 11, 16, 13, 0)) == 1
        clock.set(madrid(2026, 11, 16, 13, 30))
        inbox_services.case_reply(case=case, author=tenant_a.agent, text="Perdona")
        sla = clocks_of(case)
        assert (sla.next_response_status, sla.next_response_cycle, sla.next_response_margin_seconds) == (ClockStatus.BREACHED, 2, -30 * 60)
        assert (sla.next_response_met_count, sla.next_response_breached_count) == (1, 1)
        assert sla_events(case) == [
            ("first_response", "met", 1),
            ("next_response", "met", 1),
            ("next_response", "breached", 2),
        ]

    def test_notes_do_not_answer_the_customer(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9, 0))).case
        inbox_services.case_add_note(case=case, author=tenant_a.agent, text="Lo miro luego")
        assert clocks_of(case).first_response_status == ClockStatus.ON_TRACK


# --- Policies ------------------------------------------------------------------------------------


class TestPolicyMatching:
    def test_first_matching_policy_wins_and_the_default_catches_the_rest(self, tenant_a, account, office, clock):
        workspace = tenant_a.workspace
        vip = sla_policy(workspace, office, name="VIP", is_default=False, position=1, first_response_seconds=600, conditions={"customer_tiers": ["gold"]})
        email = sla_policy(workspace, office, name="Email", is_default=False, position=2, first_response_seconds=8 * HOUR, conditions={"channel_kinds": ["email"]})
        default = sla_policy(workspace, office, name="Default", first_response_seconds=HOUR)
        email_account = channel_account(workspace, kind="email")

        plain = ingest(account, sender="plain", at=madrid(2026, 11, 16, 9)).case
        by_email = ingest(email_account, inbound(sender="mail", kind="email", email_message_id="<a@x>"), at=madrid(2026, 11, 16, 9)).case
        customer_tag(customer=by_email.customer, add=["tier:gold"])
        second_email = ingest(email_account, inbound(sender="mail", kind="email", email_message_id="<b@x>"), at=madrid(2026, 11, 16, 9)).case
        assert second_email.pk != by_email.pk
        assert clocks_of(plain).policy_id == default.pk
        assert clocks_of(by_email).policy_id == email.pk
        assert clocks_of(second_email).policy_id == vip.pk  # gold comes first, even by email

    @pytest.mark.parametrize(
        ("conditions", "matches"),
        [
            ({"channel_kinds": ["api"]}, True),
            ({"channel_kinds": ["whatsapp"]}, False),
            ({"priorities": [1]}, True),
            ({"priorities": [2, 3]}, False),
            ({"customer_tags": ["VIP"]}, True),
            ({"customer_tags": ["press"]}, False),
            ({"team_ids": [-1]}, False),
            ({"channel_kinds": ["api"], "priorities": [3]}, False),
        ],
    )
    def test_each_condition(self, tenant_a, account, office, clock, conditions, matches):
        policy = sla_policy(tenant_a.workspace, office, is_default=False, conditions=conditions)
        first = ingest(account, sender="someone", at=madrid(2026, 11, 16, 9)).case
        inbox_services.case_set_status(case=first, status=CaseStatus.RESOLVED, actor=None)
        customer_tag(customer=first.customer, add=["vip"])
        account.reopen_window = timedelta(0)
        account.save()
        case = ingest(account, sender="someone", at=madrid(2026, 11, 16, 10)).case
        assert case.pk != first.pk
        assert CaseSla.objects.filter(case_id=case.pk, policy=policy).exists() is matches

    def test_channel_account_and_team_conditions(self, tenant_a, account, office, clock):
        from sla.facts import CaseFacts
        from sla.selectors import policy_match

        team = team_create(workspace=tenant_a.workspace, name="Billing")
        policy = sla_policy(tenant_a.workspace, office, is_default=False, conditions={"channel_account_ids": [account.pk], "team_ids": [team.pk]})
        facts = CaseFacts(
            case_id=1, workspace_id=tenant_a.workspace.pk, channel_kind="api", channel_account_id=account.pk, priority=1, team_id=team.pk,
            customer_tier=None, customer_tags=(), opened_at=madrid(2026, 11, 16, 9), status="new",
        )  # fmt: skip
        assert policy_match(facts=facts) == policy
        assert policy_match(facts=CaseFacts(**{**facts.__dict__, "team_id": None})) is None

    def test_no_policy_no_clocks(self, account, clock):
        case = ingest(account, at=madrid(2026, 11, 16, 9)).case
        assert not CaseSla.objects.filter(case_id=case.pk).exists()
        inbox_services.case_set_status(case=case, status=CaseStatus.RESOLVED, actor=None)  # nothing breaks

    def test_a_policy_change_applies_to_new_cases_and_reapply_recomputes_open_ones(self, tenant_a, account, office, clock):
        policy = sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, resolution_seconds=8 * HOUR)
        clock.set(madrid(2026, 11, 16, 9, 0))
        open_case = ingest(account, sender="a", at=madrid(2026, 11, 16, 9)).case
        resolved = ingest(account, sender="b", at=madrid(2026, 11, 16, 9)).case
        inbox_services.case_set_status(case=resolved, status=CaseStatus.RESOLVED, actor=None)
        sla_services.policy_update(policy=policy, first_response_seconds=2 * HOUR, next_response_seconds=HOUR)
        assert clocks_of(open_case).first_response_due_at == madrid(2026, 11, 16, 10)  # kept its targets
        new_case = ingest(account, sender="c", at=madrid(2026, 11, 16, 9)).case
        assert clocks_of(new_case).first_response_due_at == madrid(2026, 11, 16, 11)

        clock.set(madrid(2026, 11, 16, 10, 40))
        assert sla_services.sla_sweep() == 2  # open_case breached (10:00), new_case at risk (10:36)
        assert clocks_of(open_case).first_response_status == ClockStatus.BREACHED
        assert sla_services.sla_policy_reapply(policy=policy) == 2  # open_case and new_case
        sla = clocks_of(open_case)
        assert (sla.first_response_due_at, sla.first_response_status) == (madrid(2026, 11, 16, 11), ClockStatus.AT_RISK)
        assert sla.first_response_margin_seconds is None
        assert sla.targets["first_response"]["seconds"] == 2 * HOUR
        assert clocks_of(resolved).targets["first_response"]["seconds"] == HOUR

    def test_reapply_moves_cases_to_a_policy_they_now_match(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, name="Default", first_response_seconds=HOUR)
        urgent = sla_policy(tenant_a.workspace, office, name="Urgent", is_default=False, first_response_seconds=600, conditions={"priorities": [3]})
        case = ingest(account, at=clock.set(madrid(2026, 11, 16, 9))).case
        inbox_services.case_set_priority(case=case, priority=Priority.URGENT, actor=None)
        assert clocks_of(case).policy_id != urgent.pk
        assert sla_services.sla_policy_reapply(policy=urgent) == 1
        assert clocks_of(case).policy_id == urgent.pk
        assert clocks_of(case).first_response_due_at == madrid(2026, 11, 16, 9, 10)

    def test_one_default_per_workspace(self, tenant_a, office):
        first = sla_policy(tenant_a.workspace, office)
        second = sla_policy(tenant_a.workspace, office)
        first.refresh_from_db()
        assert (first.is_default, second.is_default) == (False, True)


# --- The sweep ---------------------------------------------------------------------------------


class TestSweep:
    def test_sweep_and_dispatch_are_idempotent(self, tenant_a, account, office, clock, django_capture_on_commit_callbacks):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        cases = [ingest(account, sender=f"c{i}", at=madrid(2026, 11, 16, 9, i)).case for i in range(3)]
        now = madrid(2026, 11, 16, 12)
        assert sla_services.sla_sweep(now=now, batch_size=2) == 3
        assert sla_services.sla_sweep(now=now) == 0
        assert SlaEvent.objects.filter(kind=SlaEventKind.BREACHED).count() == 3
        assert sla_services.sla_events_dispatch(batch_size=2) == 3
        assert sla_services.sla_events_dispatch() == 0
        assert sla_services.sla_sweep(now=now) == 0
        for case in cases:
            assert timeline_kinds(case).count("sla_breached") == 1
        assert RealtimeEvent.objects.filter(type="sla.breached").count() == 3
        assert not SlaEvent.objects.filter(dispatched_at__isnull=True).exists()

    def test_a_re_evaluation_never_duplicates_an_event(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=madrid(2026, 11, 16, 9)).case
        sla_services.sla_sweep(now=madrid(2026, 11, 16, 12))
        # Someone resets the stored status by hand: the unique key still stops a second event.
        CaseSla.objects.filter(case_id=case.pk).update(first_response_status=ClockStatus.ON_TRACK, next_check_at=madrid(2026, 11, 16, 10))
        sla_services.sla_sweep(now=madrid(2026, 11, 16, 12))
        assert sla_events(case) == [("first_response", "breached", 1)]

    def test_the_sweep_reads_only_clocks_that_are_due(self, tenant_a, account, office, clock, django_assert_max_num_queries):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        for i in range(5):
            ingest(account, sender=f"c{i}", at=madrid(2026, 11, 16, 9, 0))
        ingest(account, sender="late", at=madrid(2026, 11, 16, 11, 0))
        # One batch: claim the due rows, load their calendar, update them, insert events.
        with django_assert_max_num_queries(8):
            assert sla_services.sla_sweep(now=madrid(2026, 11, 16, 10, 0)) == 5

    def test_alerts_reach_the_assignee_team_and_supervisors_and_escalate(self, tenant_a, account, office, clock, django_capture_on_commit_callbacks):
        workspace = tenant_a.workspace
        supervisor = member_add(workspace=workspace, email="sup@acme.test", name="Sara", role=Role.SUPERVISOR, password="correct-horse-battery")
        support, escalations = team_create(workspace=workspace, name="Support"), team_create(workspace=workspace, name="Escalations")
        sla_policy(
            workspace, office, first_response_seconds=HOUR, escalate_priority=Priority.URGENT, escalate_team=escalations,
            escalate_notify=supervisor,
        )  # fmt: skip
        case = ingest(account, at=madrid(2026, 11, 16, 9)).case
        inbox_services.case_set_team(case=case, team=support, actor=None)
        inbox_services.case_assign(case=case, assignee=tenant_a.agent, actor=None)

        sla_services.sla_sweep(now=madrid(2026, 11, 16, 9, 50))  # at risk: no escalation by default
        with django_capture_on_commit_callbacks(execute=True):
            sla_services.sla_events_dispatch()
        case.refresh_from_db()
        assert case.priority == Priority.NORMAL and case.team_id == support.pk
        at_risk = RealtimeEvent.objects.get(type="sla.at_risk")
        # The case's own groups (inbox.events.case_groups): its watchers, the workspace views, the
        # supervisors, its team and its assignee.
        assert sorted(at_risk.groups) == sorted(
            [
                f"case.{case.pk}",
                f"workspace.{workspace.pk}",
                f"supervision.{workspace.pk}",
                f"member.{tenant_a.agent.pk}",
                f"team.{support.pk}",
            ]
        )
        assert at_risk.payload["target"] == "first_response" and at_risk.payload["case_id"] == case.pk

        sla_services.sla_sweep(now=madrid(2026, 11, 16, 10, 5))
        with django_capture_on_commit_callbacks(execute=True):
            sla_services.sla_events_dispatch()
        case.refresh_from_db()
        assert case.priority == Priority.URGENT and case.team_id == escalations.pk
        kinds = timeline_kinds(case)
        assert kinds.index("sla_at_risk") < kinds.index("sla_breached") < kinds.index("priority_changed")
        assert "team_changed" in kinds[kinds.index("sla_breached") :]
        breach_row = CaseEvent.objects.get(case=case, kind="sla_breached")
        assert breach_row.occurred_at == madrid(2026, 11, 16, 10) and breach_row.data["target"] == "first_response"
        assert RealtimeEvent.objects.filter(type="sla.breached").count() == 1
        assert [message.to for message in mail.outbox] == [["sup@acme.test"]]
        assert "breached" in mail.outbox[0].subject and f"#{case.pk}" in mail.outbox[0].subject

    def test_escalating_on_at_risk_when_the_policy_says_so(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR, escalate_on_at_risk=True, escalate_priority=Priority.HIGH)
        case = ingest(account, at=madrid(2026, 11, 16, 9)).case
        sla_services.sla_sweep(now=madrid(2026, 11, 16, 9, 50))
        sla_services.sla_events_dispatch()
        case.refresh_from_db()
        assert case.priority == Priority.HIGH

    def test_a_failing_receiver_is_recorded_and_does_not_block_the_rest(self, tenant_a, account, office, clock, monkeypatch):
        from inbox import sla_bridge

        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        first = ingest(account, sender="a", at=madrid(2026, 11, 16, 9)).case
        second = ingest(account, sender="b", at=madrid(2026, 11, 16, 9)).case
        sla_services.sla_sweep(now=madrid(2026, 11, 16, 12))
        real_alert = sla_bridge._alert

        def flaky(event):
            if event.case_id == first.pk:
                raise RuntimeError("mail server on fire")
            real_alert(event)

        monkeypatch.setattr(sla_bridge, "_alert", flaky)
        assert sla_services.sla_events_dispatch() == 2
        failed = SlaEvent.objects.get(case_id=first.pk)
        assert "mail server on fire" in failed.dispatch_error and failed.dispatched_at is not None
        assert "sla_breached" not in timeline_kinds(first)
        assert "sla_breached" in timeline_kinds(second)

    def test_clock_changes_are_published_to_the_case_watchers(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        case = ingest(account, at=madrid(2026, 11, 16, 9)).case
        update = RealtimeEvent.objects.get(type="sla.updated")
        assert f"case.{case.pk}" in update.groups
        assert datetime.fromisoformat(update.payload["clocks"]["first_response"]["due_at"]) == madrid(2026, 11, 16, 10)
        ingest(account, at=madrid(2026, 11, 16, 9, 5))  # a follow-up changes no clock
        assert RealtimeEvent.objects.filter(type="sla.updated").count() == 1

    def test_a_merged_case_stops_its_clocks(self, tenant_a, account, office, clock):
        sla_policy(tenant_a.workspace, office, first_response_seconds=HOUR)
        email_account = channel_account(tenant_a.workspace, kind="email")
        first = ingest(email_account, inbound(sender="m", kind="email", email_message_id="<1@x>"), at=madrid(2026, 11, 16, 9)).case
        second = ingest(email_account, inbound(sender="m", kind="email", email_message_id="<2@x>"), at=madrid(2026, 11, 16, 9)).case
        inbox_services.case_merge(source=second, target=first, actor=tenant_a.agent)
        assert clocks_of(second).first_response_status == ClockStatus.STOPPED
        assert clocks_of(first).first_response_status == ClockStatus.ON_TRACK


def test_a_case_deleted_takes_its_clocks_along(tenant_a, account, office, clock):
    sla_policy(tenant_a.workspace, office)
    case = ingest(account, at=madrid(2026, 11, 16, 9)).case
    Case.objects.filter(pk=case.pk).delete()
    assert not CaseSla.objects.filter(case_id=case.pk).exists()
