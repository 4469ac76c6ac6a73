"""Every change to calendars, policies and the clocks of cases.

Clock services take plain facts (sla.facts.CaseFacts) and the time of the event; the
inbox calls them from inside its own transaction (inbox.sla_bridge), with the case row
already locked, and they lock the case's CaseSla row after it — always in that order.

The rules, per target:
- first response runs from the case's opening to the first agent reply;
- next response runs from the oldest unanswered customer message (after the first reply)
  to the next agent reply; each such wait is a new cycle of the clock;
- resolution runs from the opening to resolved/closed.
While the case is pending (waiting on the customer) or snoozed every running clock is
paused, and the paused time — in each target's own measure, business or wall — pushes its
deadline out. Resolved or closed stops the clocks (resolution is met, unanswered response
clocks stop); merged or spam stops them all. A reopened case restarts resolution (or
resumes it, per policy), restarts the first response if it was never given, and starts a
next-response cycle if the customer is waiting.

A clock is at risk once the policy's share of its target has elapsed, and breached at its
deadline; the breach margin (negative) and the met margin (positive) are kept in seconds
of the target's own time.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter

from django.db import IntegrityError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from core import instances
from core.bulk import insert_rows, update_rows
from core.errors import ApplicationError, ConflictError
from sla import selectors, signals
from sla.calendars import ZERO, Pause, WorkingCalendar, clock_deadline, clock_elapsed
from sla.facts import OPEN_CASE_STATUSES, PAUSED_STATUSES, RESOLVED_STATUSES, CaseFacts
from sla.models import (
    TARGETS,
    BusinessCalendar,
    CaseSla,
    ClockStatus,
    ReopenRule,
    SlaEvent,
    SlaEventKind,
    SlaPolicy,
    Target,
)

logger = logging.getLogger(__name__)

CLOCK_FIELDS = ("status", "cycle", "started_at", "due_at", "at_risk_at", "completed_at", "margin_seconds")
# What the sweep may change on a row, with its SQL type.
SWEEP_COLUMNS = [
    *((f"{target}_{name}", sql_type) for target in TARGETS for name, sql_type in (("status", "text"), ("margin_seconds", "integer"))),
    ("next_check_at", "timestamptz"),
    ("next_due_at", "timestamptz"),
]
STATUS_RANK = {ClockStatus.ON_TRACK: 0, ClockStatus.AT_RISK: 1, ClockStatus.BREACHED: 2}
# What people see of a CaseSla besides paused and stopped (_Clocks.signature), read at once.
_VISIBLE_COLUMNS = attrgetter(
    "policy_id", *(selectors.CLOCK_COLUMNS[target][name] for target in TARGETS for name in ("status", "due_at", "cycle"))
)


@dataclass(frozen=True)
class SlaChange:
    """What a clock service did: the case's clocks (None: the case has no SLA) and whether
    anything a person sees (a status, a deadline, paused or not) changed."""

    case_sla: CaseSla | None
    changed: bool = False


# --- Clock arithmetic on one CaseSla -------------------------------------------------------


class _Clocks:
    """One case's clocks during one service call: reads and writes the CaseSla columns
    and collects the events the call produced (saved by the caller)."""

    def __init__(self, case_sla: CaseSla, calendar: WorkingCalendar | None):
        self.case_sla = case_sla
        self.calendar = calendar
        self.events: list[SlaEvent] = []
        self.met: list[SlaEvent] = []
        # The pauses parsed, and the stored list they were parsed from (a batch keeps one
        # _Clocks per case across its messages: parse once, again only after a change).
        self._pauses: tuple[Pause, ...] = ()
        self._pauses_of: list | None = None

    # Column access ------------------------------------------------------------------------
    def get(self, target: str, name: str):
        return getattr(self.case_sla, selectors.CLOCK_COLUMNS[target][name])

    def set(self, target: str, name: str, value) -> None:
        setattr(self.case_sla, selectors.CLOCK_COLUMNS[target][name], value)

    def running(self, target: str) -> bool:
        return selectors.clock_is_running(self.case_sla, target)

    def running_targets(self) -> list[str]:
        return [target for target in TARGETS if self.running(target)]

    def pauses(self) -> tuple[Pause, ...]:
        if self._pauses_of is not self.case_sla.pauses:
            self._pauses = tuple(selectors.pauses_of(self.case_sla))
            self._pauses_of = self.case_sla.pauses
        return self._pauses

    def store_pauses(self, pauses: Sequence[Pause]) -> None:
        self.case_sla.pauses = [[start.isoformat(), end.isoformat() if end else None] for start, end in pauses]

    def signature(self) -> tuple:
        """What people see; compared before and after a change."""
        return (self.case_sla.paused_at is not None, self.case_sla.stopped_at is not None, *_VISIBLE_COLUMNS(self.case_sla))

    def elapsed(self, target: str, at: datetime) -> timedelta:
        scale = selectors.time_scale(self.case_sla, target, self.calendar)
        return clock_elapsed(scale, self.get(target, "started_at"), at, self.pauses())

    def remaining(self, target: str, at: datetime) -> timedelta:
        return selectors.target_amount(self.case_sla, target) - self.elapsed(target, at)

    # Events -------------------------------------------------------------------------------
    def emit(self, target: str, kind: str, *, at: datetime, margin: timedelta | None = None) -> None:
        spec = self.case_sla.targets.get(target) or {}
        event = instances.new(
            SlaEvent,
            workspace_id=self.case_sla.workspace_id,
            case_id=self.case_sla.case_id,
            policy_id=self.case_sla.policy_id,
            target=target,
            kind=kind,
            cycle=self.get(target, "cycle"),
            business=bool(spec.get("business") and self.calendar is not None),
            due_at=self.get(target, "due_at"),
            occurred_at=at,
            margin_seconds=None if margin is None else math.floor(margin.total_seconds()),
        )
        if kind == SlaEventKind.MET:
            event.dispatched_at = at  # sent in the caller's transaction; nothing left to dispatch
            self.met.append(event)
        self.events.append(event)

    # Transitions --------------------------------------------------------------------------
    def evaluate(self, now: datetime) -> None:
        """Move clocks whose stored at-risk point or deadline has passed: what the sweep
        does, and what every service does first so a late sweep loses nothing."""
        for target in self.running_targets():
            status, due, risk = self.get(target, "status"), self.get(target, "due_at"), self.get(target, "at_risk_at")
            if status != ClockStatus.BREACHED and due is not None and now >= due:
                margin = self.remaining(target, now)
                self.set(target, "status", ClockStatus.BREACHED)
                self.set(target, "margin_seconds", math.floor(margin.total_seconds()))
                self.emit(target, SlaEventKind.BREACHED, at=due, margin=margin)
            elif status == ClockStatus.ON_TRACK and risk is not None and now >= risk:
                self.set(target, "status", ClockStatus.AT_RISK)
                self.emit(target, SlaEventKind.AT_RISK, at=risk)

    def reschedule(self, now: datetime) -> None:
        """Recompute every running clock's deadline and at-risk point from its start, its
        target and the pauses, and its status from the time it has counted by `now`."""
        pauses = self.pauses()
        share = self.case_sla.at_risk_share
        for target in self.running_targets():
            amount = selectors.target_amount(self.case_sla, target)
            risk_amount = selectors.target_amount(self.case_sla, target, share)
            scale = selectors.time_scale(self.case_sla, target, self.calendar)
            started_at = self.get(target, "started_at")
            due = _deadline(scale, started_at, amount, pauses)
            risk = _deadline(scale, started_at, risk_amount, pauses)
            self.set(target, "due_at", due)
            self.set(target, "at_risk_at", risk)
            elapsed = None
            if amount > ZERO and risk_amount > ZERO:
                # A deadline is the first instant the clock has counted its amount, and the
                # count never goes back: counted >= amount exactly when now >= the deadline
                # (None: it runs out only after a pause that has not ended). No need to
                # count business time from the start on every call.
                breached = due is not None and now >= due
                risky = risk is not None and now >= risk
            else:
                elapsed = clock_elapsed(scale, started_at, now, pauses)
                breached, risky = elapsed >= amount, elapsed >= risk_amount
            status = ClockStatus.BREACHED if breached else ClockStatus.AT_RISK if risky else ClockStatus.ON_TRACK
            previous = self.get(target, "status")
            if status == previous:
                continue
            self.set(target, "status", status)
            if STATUS_RANK[status] > STATUS_RANK[previous]:
                if status == ClockStatus.BREACHED:
                    if elapsed is None:
                        elapsed = clock_elapsed(scale, started_at, now, pauses)
                    self.set(target, "margin_seconds", math.floor((amount - elapsed).total_seconds()))
                    self.emit(target, SlaEventKind.BREACHED, at=due or now, margin=amount - elapsed)
                else:
                    self.emit(target, SlaEventKind.AT_RISK, at=risk or now)
            elif status != ClockStatus.BREACHED:
                self.set(target, "margin_seconds", None)  # a longer target (re-apply) took the breach back
        self.refresh_points()

    def refresh_points(self) -> None:
        """next_check_at: the next instant a status changes by itself; next_due_at: the
        earliest deadline not breached yet. Neither while paused or stopped."""
        checks, dues = [], []
        if self.case_sla.paused_at is None and self.case_sla.stopped_at is None:
            for target in self.running_targets():
                status, due, risk = self.get(target, "status"), self.get(target, "due_at"), self.get(target, "at_risk_at")
                if status == ClockStatus.ON_TRACK and risk is not None:
                    checks.append(risk)
                if status in (ClockStatus.ON_TRACK, ClockStatus.AT_RISK) and due is not None:
                    checks.append(due)
                    dues.append(due)
        self.case_sla.next_check_at = min(checks, default=None)
        self.case_sla.next_due_at = min(dues, default=None)

    def start(self, target: str, at: datetime) -> None:
        """A new cycle of `target` from `at` (nothing if the policy sets no such target)."""
        if target not in self.case_sla.targets:
            self.set(target, "status", ClockStatus.NONE)
            return
        self.set(target, "cycle", self.get(target, "cycle") + 1)
        self.set(target, "status", ClockStatus.ON_TRACK)
        self.set(target, "started_at", at)
        for name in ("due_at", "at_risk_at", "completed_at", "margin_seconds"):
            self.set(target, name, None)

    def answer(self, target: str, at: datetime) -> None:
        """The clock's promise was kept (met) or kept late (stays breached), at `at`."""
        if not self.running(target):
            return
        margin = self.remaining(target, at)
        self.set(target, "completed_at", at)
        self.set(target, "margin_seconds", math.floor(margin.total_seconds()))
        if self.get(target, "status") == ClockStatus.BREACHED or margin < ZERO:
            self.set(target, "status", ClockStatus.BREACHED)
        else:
            self.set(target, "status", ClockStatus.MET)
            self.emit(target, SlaEventKind.MET, at=at, margin=margin)
        if target == Target.NEXT_RESPONSE:
            counter = "met_count" if self.get(target, "status") == ClockStatus.MET else "breached_count"
            self.set(target, counter, self.get(target, counter) + 1)

    def abandon(self, target: str, at: datetime) -> None:
        """The clock ends without an answer: a breach stays a breach; otherwise stopped."""
        if not self.running(target):
            return
        self.set(target, "completed_at", at)
        if self.get(target, "status") == ClockStatus.BREACHED:
            self.set(target, "margin_seconds", math.floor(self.remaining(target, at).total_seconds()))
            if target == Target.NEXT_RESPONSE:
                self.set(target, "breached_count", self.get(target, "breached_count") + 1)
        else:
            self.set(target, "status", ClockStatus.STOPPED)

    def pause(self, at: datetime) -> None:
        if self.case_sla.paused_at is not None:
            return
        self.case_sla.paused_at = at
        self.store_pauses([*self.pauses(), (at, None)])

    def resume(self, at: datetime) -> None:
        if self.case_sla.paused_at is None:
            return
        *ended, (start, _) = self.pauses()
        self.store_pauses([*ended, (start, max(at, start))])
        self.case_sla.paused_at = None


_deadlines: dict[tuple, tuple[object, datetime | None]] = {}


def _deadline(scale, started_at: datetime, amount: timedelta, pauses: Sequence[Pause]) -> datetime | None:
    """clock_deadline, remembered: a case's deadlines stay the same from one customer message
    to the next (same start, target and pauses) and business time is costly to walk. The
    entry keeps its scale alive, so the scale's id in the key cannot be reused."""
    key = (id(scale), started_at, amount, tuple(pauses))
    found = _deadlines.get(key)
    if found is not None and found[0] is scale:
        return found[1]
    if len(_deadlines) > 20_000:
        _deadlines.clear()
    due = clock_deadline(scale, started_at, amount, pauses)
    _deadlines[key] = (scale, due)
    return due


def _clocks_started(facts: CaseFacts, policy, at: datetime, clocks_for: Callable[[CaseSla], _Clocks]) -> _Clocks:
    """A new case's clocks under `policy`, not saved: first response and resolution running from
    the case's opening (paused if the case already waits on the customer), next checks planned."""
    case_sla = instances.new(CaseSla, workspace_id=facts.workspace_id, case_id=facts.case_id)
    _apply_policy(case_sla, policy)
    clocks = clocks_for(case_sla)
    clocks.start(Target.FIRST_RESPONSE, facts.opened_at)
    clocks.start(Target.RESOLUTION, facts.opened_at)
    if facts.status in PAUSED_STATUSES:
        clocks.pause(at)
    clocks.reschedule(at)
    return clocks


def _clocks_for(case_sla: CaseSla) -> _Clocks:
    calendar = selectors.working_calendar(case_sla.calendar) if case_sla.calendar_id else None
    return _Clocks(case_sla, calendar)


def _save(clocks: _Clocks, before: tuple, *, created: bool = False) -> SlaChange:
    case_sla = clocks.case_sla
    case_sla.save()
    if clocks.events:
        SlaEvent.objects.bulk_create(clocks.events, ignore_conflicts=True)
    for event in clocks.met:
        signals.sla_met.send(sender=SlaEvent, event=event)
    return SlaChange(case_sla=case_sla, changed=created or clocks.signature() != before)


def _apply_policy(case_sla: CaseSla, policy: SlaPolicy | None) -> None:
    case_sla.policy = policy
    case_sla.calendar = policy.calendar if policy else None
    case_sla.targets = policy.targets() if policy else {}
    if policy is not None:
        case_sla.at_risk_share = policy.at_risk_share
        case_sla.resolution_on_reopen = policy.resolution_on_reopen


def _locked(case_id: int) -> CaseSla | None:
    return CaseSla.objects.select_for_update(of=("self",)).select_related("calendar").filter(case_id=case_id).first()


# --- Clock services (called by inbox.sla_bridge) -------------------------------------------


@transaction.atomic
def case_sla_start(*, facts: CaseFacts, at: datetime | None = None) -> SlaChange:
    """Give a new case its policy and start its first-response and resolution clocks from
    the case's opening. Starting twice returns the clocks already there; a case no policy
    matches gets no clocks."""
    at = at or timezone.now()
    existing = _locked(facts.case_id)
    if existing is not None:
        return SlaChange(case_sla=existing)
    policy = selectors.policy_match(facts=facts)
    if policy is None:
        return SlaChange(case_sla=None)
    clocks = _clocks_started(facts, policy, at, _clocks_for)
    try:
        with transaction.atomic():
            return _save(clocks, (), created=True)
    except IntegrityError:  # a concurrent start won: one CaseSla per case
        return SlaChange(case_sla=_locked(facts.case_id))


@transaction.atomic
def case_sla_customer_wrote(*, facts: CaseFacts, at: datetime) -> SlaChange:
    """A customer message: the case runs again if it was paused (a customer reply wakes a
    pending or snoozed case), and after the first reply a next-response cycle starts from
    the oldest unanswered message, unless one is already running."""
    case_sla = _locked(facts.case_id)
    if case_sla is None:
        return case_sla_start(facts=facts, at=at) if facts.status in OPEN_CASE_STATUSES else SlaChange(case_sla=None)
    if case_sla.stopped_at is not None:
        return SlaChange(case_sla=case_sla)
    clocks = _clocks_for(case_sla)
    before = clocks.signature()
    _customer_wrote(clocks, facts, at)
    return _save(clocks, before)


def _customer_wrote(clocks: _Clocks, facts: CaseFacts, at: datetime) -> None:
    """case_sla_customer_wrote's clock moves on a running CaseSla, not saved."""
    clocks.evaluate(at)
    if facts.status not in PAUSED_STATUSES:
        clocks.resume(at)
    if clocks.case_sla.first_replied_at is not None and not clocks.running(Target.NEXT_RESPONSE):
        clocks.start(Target.NEXT_RESPONSE, facts.waiting_since or at)
    clocks.reschedule(at)


@transaction.atomic
def case_sla_agent_replied(*, facts: CaseFacts, at: datetime) -> SlaChange:
    """A public agent reply: answers the first response, or else the running next response."""
    case_sla = _locked(facts.case_id)
    if case_sla is None or case_sla.stopped_at is not None:
        return SlaChange(case_sla=case_sla)
    clocks = _clocks_for(case_sla)
    before = clocks.signature()
    clocks.evaluate(at)
    if case_sla.first_replied_at is None:
        case_sla.first_replied_at = at
        clocks.answer(Target.FIRST_RESPONSE, at)
    clocks.answer(Target.NEXT_RESPONSE, at)
    clocks.reschedule(at)
    return _save(clocks, before)


@transaction.atomic
def case_sla_status_changed(*, facts: CaseFacts, old: str, new: str, at: datetime) -> SlaChange:
    """Pending and snoozed pause the clocks, new and open resume them, resolved and closed
    stop them with the resolution met, merged and spam stop them all."""
    case_sla = _locked(facts.case_id)
    if case_sla is None or (case_sla.stopped_at is not None and new not in OPEN_CASE_STATUSES):
        return SlaChange(case_sla=case_sla)
    clocks = _clocks_for(case_sla)
    before = clocks.signature()
    clocks.evaluate(at)
    if new in PAUSED_STATUSES:
        clocks.pause(at)
    elif new in OPEN_CASE_STATUSES:
        clocks.resume(at)
    else:
        clocks.resume(at)  # the clocks stop at `at`; a pause ends with them
        case_sla.stopped_at = at
        if new in RESOLVED_STATUSES:
            clocks.answer(Target.RESOLUTION, at)
        for target in TARGETS:
            clocks.abandon(target, at)
    clocks.reschedule(at)
    return _save(clocks, before)


@transaction.atomic
def case_sla_reopened(*, facts: CaseFacts, at: datetime) -> SlaChange:
    """A resolved (or spam) case is open again: resolution restarts in full at `at` (or,
    per policy, resumes with the resolved stretch counted as a pause); a first response
    never given restarts; a waiting customer starts a next-response cycle."""
    case_sla = _locked(facts.case_id)
    if case_sla is None or case_sla.stopped_at is None:
        return SlaChange(case_sla=case_sla)
    clocks = _clocks_for(case_sla)
    before = clocks.signature()
    stopped_at = case_sla.stopped_at
    case_sla.stopped_at = None
    if Target.RESOLUTION in case_sla.targets:
        started_at = case_sla.resolution_started_at
        clocks.start(Target.RESOLUTION, at)
        if case_sla.resolution_on_reopen == ReopenRule.RESUME and started_at is not None:
            clocks.set(Target.RESOLUTION, "started_at", started_at)
            clocks.store_pauses([*clocks.pauses(), (stopped_at, max(at, stopped_at))])
    if case_sla.first_replied_at is None:
        clocks.start(Target.FIRST_RESPONSE, at)
    elif facts.waiting_since is not None:
        clocks.start(Target.NEXT_RESPONSE, facts.waiting_since)
    if facts.status in PAUSED_STATUSES:
        clocks.pause(at)
    clocks.reschedule(at)
    return _save(clocks, before)


@dataclass(frozen=True)
class ClockStep:
    """One inbox event for `case_sla_steps_apply`: a case opened (START, as `case_sla_start`)
    or its customer wrote (CUSTOMER_WROTE, as `case_sla_customer_wrote`), with the case's facts."""

    START = "start"
    CUSTOMER_WROTE = "customer_wrote"

    action: str
    facts: CaseFacts
    at: datetime


def case_sla_steps_apply(*, steps: Sequence[ClockStep], observe: Callable[[int, SlaChange], None] | None = None) -> list[SlaChange]:
    """The clocks of many cases moved at once (the batch ingest): the same CaseSla rows, SLA
    events and `sla_met` signals as calling `case_sla_start` / `case_sla_customer_wrote` for
    each step in order, in a constant number of statements — the existing rows locked in one
    SELECT (case_id order), the workspace's policies read once, new rows inserted and changed
    rows updated in one statement each, the events in one insert. `observe(index, change)` is
    called right after each step, while the clocks are as that step left them (what the
    per-call services would have published). Call inside a transaction with the case rows
    locked, like the per-call services; a conflicting concurrent start raises instead of
    being absorbed (the caller's batch then falls back to the per-call path)."""
    if not steps:
        return []
    now = timezone.now()
    rows = {case_sla.case_id: case_sla for case_sla in selectors.case_slas_locked(sorted({step.facts.case_id for step in steps}))}
    clocks_of: dict[int, _Clocks] = {}
    created: set[int] = set()
    saved: set[int] = set()
    policies: dict[int, list[SlaPolicy]] = {}
    changes: list[SlaChange] = []

    def clocks_for(case_sla: CaseSla) -> _Clocks:
        if case_sla.case_id not in clocks_of:
            clocks_of[case_sla.case_id] = _clocks_for(case_sla)
        return clocks_of[case_sla.case_id]

    for index, step in enumerate(steps):
        facts, at = step.facts, step.at
        case_sla = rows.get(facts.case_id)
        if case_sla is None and (step.action == ClockStep.START or facts.status in OPEN_CASE_STATUSES):
            # case_sla_start
            if facts.workspace_id not in policies:
                policies[facts.workspace_id] = selectors.active_policies(workspace_id=facts.workspace_id)
            policy = selectors.policy_first_match(policies[facts.workspace_id], facts)
            if policy is None:
                change = SlaChange(case_sla=None)
            else:
                clocks = _clocks_started(facts, policy, at, clocks_for)
                case_sla = clocks.case_sla
                rows[facts.case_id] = case_sla
                created.add(facts.case_id)
                change = SlaChange(case_sla=case_sla, changed=True)
        elif case_sla is None:
            change = SlaChange(case_sla=None)
        elif step.action == ClockStep.START or case_sla.stopped_at is not None:
            change = SlaChange(case_sla=case_sla)
        else:
            # case_sla_customer_wrote
            clocks = clocks_for(case_sla)
            before = clocks.signature()
            _customer_wrote(clocks, facts, at)
            saved.add(facts.case_id)
            change = SlaChange(case_sla=case_sla, changed=clocks.signature() != before)
        changes.append(change)
        if observe is not None:
            observe(index, change)

    insert_rows(CaseSla, [rows[case_id] for case_id in sorted(created)], now)
    update_rows(CaseSla, [rows[case_id] for case_id in sorted(saved - created)], CASE_SLA_SAVED_FIELDS, now)
    sla_events = [event for clocks in clocks_of.values() for event in clocks.events]
    if sla_events:
        SlaEvent.objects.bulk_create(sla_events, ignore_conflicts=True)
    for clocks in clocks_of.values():
        for event in clocks.met:
            signals.sla_met.send(sender=SlaEvent, event=event)
    return changes


CASE_SLA_SAVED_FIELDS = [
    field.name
    for field in CaseSla._meta.concrete_fields
    if not field.primary_key and field.name not in ("workspace", "case", "created_at", "updated_at")
]


# --- The sweep and the outbox --------------------------------------------------------------


def sla_sweep(*, now: datetime | None = None, batch_size: int = 500) -> int:
    """Mark every clock whose at-risk point or deadline has passed; returns how many case
    clocks were examined. Reads only rows with `next_check_at <= now` (a partial index),
    each batch claimed with SKIP LOCKED and committed on its own, so its cost follows the
    clocks changing state, and two sweeps never wait for each other. Safe to re-run: a
    status already stored is not emitted again, and events are unique per cycle."""
    now = now or timezone.now()
    examined = 0
    while True:
        with transaction.atomic():
            rows = list(
                CaseSla.objects.select_for_update(skip_locked=True)
                .filter(next_check_at__lte=now)
                .order_by("next_check_at")[:batch_size]
            )
            calendars = selectors.working_calendars(row.calendar_id for row in rows)
            events: list[SlaEvent] = []
            for case_sla in rows:
                clocks = _Clocks(case_sla, calendars.get(case_sla.calendar_id))
                clocks.evaluate(now)
                clocks.refresh_points()
                events.extend(clocks.events)
            if rows:
                _sweep_write(rows, now)
            if events:
                SlaEvent.objects.bulk_create(events, ignore_conflicts=True)
        examined += len(rows)
        if len(rows) < batch_size:
            return examined


def _sweep_write(rows: Sequence[CaseSla], now: datetime) -> None:
    """One UPDATE … FROM unnest(arrays) for the whole batch (Django's bulk_update builds a
    CASE per column and row, and costs more than the sweep itself)."""
    names = [name for name, _ in SWEEP_COLUMNS]
    arrays = [[row.pk for row in rows]]
    # str(): statuses are TextChoices members; the driver wants plain strings.
    arrays += [[str(value) if isinstance(value, str) else value for value in (getattr(row, name) for row in rows)] for name in names]
    placeholders = ", ".join(f"%s::{sql_type}[]" for sql_type in ["bigint", *(sql_type for _, sql_type in SWEEP_COLUMNS)])
    assignments = ", ".join(f"{name} = v.{name}" for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CaseSla._meta.db_table} AS clock SET {assignments}, updated_at = %s "
            f"FROM unnest({placeholders}) AS v(id, {', '.join(names)}) WHERE clock.id = v.id",
            [now, *arrays],
        )


SIGNAL_OF_KIND = {SlaEventKind.AT_RISK: signals.sla_at_risk, SlaEventKind.BREACHED: signals.sla_breached}


def sla_events_dispatch(*, batch_size: int = 100) -> int:
    """Send `sla_at_risk` / `sla_breached` for every event not sent yet, oldest first, each
    once. A receiver that fails is logged with its event (in `dispatch_error`) and does not
    hold back the others."""
    dispatched = 0
    while True:
        with transaction.atomic():
            batch = list(
                SlaEvent.objects.select_for_update(skip_locked=True).filter(dispatched_at__isnull=True).order_by("pk")[:batch_size]
            )
            policies = selectors.policies_for_escalation(event.policy_id for event in batch)
            for event in batch:
                event.policy = policies.get(event.policy_id)
                try:
                    with transaction.atomic():
                        SIGNAL_OF_KIND[event.kind].send(sender=SlaEvent, event=event)
                except Exception as error:
                    logger.exception("SLA event %s of case %s: a receiver failed", event.pk, event.case_id)
                    event.dispatch_error = f"{type(error).__name__}: {error}"[:2000]
                event.dispatched_at = timezone.now()
            if batch:
                SlaEvent.objects.bulk_update(batch, ["dispatched_at", "dispatch_error"])
        dispatched += len(batch)
        if len(batch) < batch_size:
            return dispatched


# --- Re-apply -------------------------------------------------------------------------------

CaseFactsLoader = Callable[[Sequence[int]], Mapping[int, CaseFacts]]
_case_facts_loader: CaseFactsLoader | None = None


def case_facts_loader_register(loader: CaseFactsLoader) -> None:
    """The inbox tells sla how to read the facts of open cases (sla cannot import inbox)."""
    global _case_facts_loader
    _case_facts_loader = loader


def _recompute_on_policy(case_sla: CaseSla, policy: SlaPolicy | None, facts: CaseFacts, now: datetime) -> SlaChange:
    old_targets = dict(case_sla.targets)
    _apply_policy(case_sla, policy)
    clocks = _clocks_for(case_sla)
    before = clocks.signature()
    for target in TARGETS:
        if target not in case_sla.targets:
            if clocks.running(target):
                clocks.set(target, "status", ClockStatus.NONE)
                for name in ("due_at", "at_risk_at", "margin_seconds"):
                    clocks.set(target, name, None)
            continue
        if clocks.running(target) or target in old_targets:
            continue
        # A target the old policy did not have: start it where it would have started.
        if target == Target.FIRST_RESPONSE and case_sla.first_replied_at is None:
            clocks.start(target, facts.opened_at)
        elif target == Target.RESOLUTION:
            clocks.start(target, facts.opened_at)
        elif target == Target.NEXT_RESPONSE and case_sla.first_replied_at is not None and facts.waiting_since is not None:
            clocks.start(target, facts.waiting_since)
    clocks.reschedule(now)
    return _save(clocks, before)


def sla_policy_reapply(*, policy: SlaPolicy, now: datetime | None = None, batch_size: int = 500) -> int:
    """Recompute the open cases of the policy's workspace that are on `policy`, or that
    match it now: they take its current targets and calendar, keep their start times and
    pauses, and their deadlines and statuses are computed again (a breach a longer target
    takes back becomes on track; a shorter one may breach at once). Answered clocks keep
    their outcome. Returns how many cases were recomputed. Runs in batches, each its own
    transaction."""
    if _case_facts_loader is None:
        raise ApplicationError("Re-apply needs the inbox (no case facts loader is registered).", code="unavailable", status_code=503)
    now = now or timezone.now()
    policies = selectors.active_policies(workspace_id=policy.workspace_id)
    recomputed = 0
    last_pk = 0
    while True:
        chunk = list(
            CaseSla.objects.for_workspace(policy.workspace_id)
            .filter(stopped_at__isnull=True, pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "case_id")[:batch_size]
        )
        if not chunk:
            return recomputed
        last_pk = chunk[-1][0]
        facts_by_case = _case_facts_loader([case_id for _, case_id in chunk])
        with transaction.atomic():
            rows = CaseSla.objects.select_for_update(of=("self",)).select_related("calendar").filter(pk__in=[pk for pk, _ in chunk]).order_by("pk")
            for case_sla in rows:
                facts = facts_by_case.get(case_sla.case_id)
                if facts is None or case_sla.stopped_at is not None or facts.status not in OPEN_CASE_STATUSES:
                    continue
                matched = selectors.policy_first_match(policies, facts)
                if case_sla.policy_id != policy.pk and (matched is None or matched.pk != policy.pk):
                    continue
                _recompute_on_policy(case_sla, matched, facts, now)
                recomputed += 1


# An HTTP request recomputes up to this many open cases itself; more go to a job.
REAPPLY_INLINE_LIMIT = 2_000


@dataclass(frozen=True)
class ReapplyOutcome:
    recomputed: int
    queued: bool


def sla_policy_reapply_request(*, policy: SlaPolicy) -> ReapplyOutcome:
    """Re-apply `policy` now if its workspace has few open cases, else in a background job
    (one per policy at a time: asking again while it waits changes nothing)."""
    from procrastinate.exceptions import AlreadyEnqueued

    from sla.tasks import reapply_sla_policy

    open_clocks = CaseSla.objects.for_workspace(policy.workspace_id).filter(stopped_at__isnull=True).count()
    if open_clocks <= REAPPLY_INLINE_LIMIT:
        return ReapplyOutcome(recomputed=sla_policy_reapply(policy=policy), queued=False)
    try:
        with transaction.atomic():
            reapply_sla_policy.configure(queueing_lock=f"sla_policy_reapply_{policy.pk}").defer(policy_id=policy.pk)
    except AlreadyEnqueued:
        pass
    return ReapplyOutcome(recomputed=0, queued=True)


# --- Calendars and policies -----------------------------------------------------------------


def _save_unique(instance, *, what: str) -> None:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ConflictError(f"A {what} named {instance.name!r} already exists.", code="name_taken", extra={"fields": {"name": ["Already taken."]}})


CALENDAR_FIELDS = {"name", "timezone", "hours", "holiday_country", "holiday_subdivision", "custom_holidays"}


def calendar_create(*, workspace, **fields) -> BusinessCalendar:
    calendar = BusinessCalendar(workspace_id=getattr(workspace, "pk", workspace), **fields)
    _save_unique(calendar, what="calendar")
    return calendar


def calendar_update(*, calendar: BusinessCalendar, **changes) -> BusinessCalendar:
    """Edit a calendar. Open cases on it use the new hours from their next recompute (an
    event on the case, or re-applying their policy)."""
    unknown = set(changes) - CALENDAR_FIELDS
    if unknown:
        raise ApplicationError(f"Cannot change {sorted(unknown)}.", extra={"fields": {name: ["Read-only."] for name in unknown}})
    for field, value in changes.items():
        setattr(calendar, field, value)
    _save_unique(calendar, what="calendar")
    return calendar


def calendar_delete(*, calendar: BusinessCalendar) -> None:
    try:
        calendar.delete()
    except ProtectedError:
        names = sorted(policy.name for policy in calendar.policies.all())
        raise ConflictError(
            f"Calendar {calendar.name!r} is used by {', '.join(names)}; give them another calendar first.",
            code="calendar_in_use",
            extra={"policies": names},
        )


POLICY_FIELDS = {
    "name", "position", "is_default", "is_active", "calendar", "conditions", "at_risk_share", "resolution_on_reopen",
    "escalate_on_at_risk", "escalate_priority", "escalate_team", "escalate_notify",
    *(f"{target}_{suffix}" for target in TARGETS for suffix in ("seconds", "business")),
}  # fmt: skip


def _check_policy(policy: SlaPolicy) -> None:
    if policy.is_default and policy.conditions:
        raise ApplicationError(
            "The default policy applies when no other matches: it takes no conditions.",
            extra={"fields": {"conditions": ["Must be empty on the default policy."]}},
        )
    for related in ("calendar", "escalate_team", "escalate_notify"):
        value = getattr(policy, related)
        if value is not None and value.workspace_id != policy.workspace_id:
            raise ApplicationError(f"No such {related.replace('_', ' ')}.", extra={"fields": {f"{related}_id": ["Unknown."]}})


@transaction.atomic
def _save_policy(policy: SlaPolicy) -> SlaPolicy:
    _check_policy(policy)
    if policy.is_default:
        # One default per workspace: making this one the default relieves the previous one.
        SlaPolicy.objects.for_workspace(policy.workspace_id).filter(is_default=True).exclude(pk=policy.pk).update(is_default=False)
    _save_unique(policy, what="policy")
    return policy


def policy_create(*, workspace, **fields) -> SlaPolicy:
    """A new policy; it applies to cases opened from now on."""
    return _save_policy(SlaPolicy(workspace_id=getattr(workspace, "pk", workspace), **fields))


def policy_update(*, policy: SlaPolicy, **changes) -> SlaPolicy:
    """Edit a policy. Cases already open keep the targets they started with until the
    policy is re-applied (sla_policy_reapply)."""
    unknown = set(changes) - POLICY_FIELDS
    if unknown:
        raise ApplicationError(f"Cannot change {sorted(unknown)}.", extra={"fields": {name: ["Read-only."] for name in unknown}})
    for field, value in changes.items():
        setattr(policy, field, value)
    return _save_policy(policy)


def policy_delete(*, policy: SlaPolicy) -> None:
    """Delete a policy. Its cases keep their clocks (and the targets they had)."""
    policy.delete()
