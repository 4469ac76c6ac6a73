"""Reads of the sla app, each with the loading its callers need."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Any

from django.db.models import F, QuerySet

from core import reads
from sla.calendars import WALL_TIME, Pause, TimeScale, WorkingCalendar, clock_elapsed
from sla.facts import CaseFacts, conditions_match
from sla.models import TARGETS, BusinessCalendar, CaseSla, ClockStatus, SlaPolicy, Target

_working_calendars: dict[tuple[int, datetime], WorkingCalendar] = {}


def working_calendar(calendar: BusinessCalendar) -> WorkingCalendar:
    """The calendar as business-time math needs it, built once per version of the row
    (public holidays are expanded lazily, year by year, and kept)."""
    key = (calendar.pk, calendar.updated_at)
    found = _working_calendars.get(key)
    if found is None:
        if len(_working_calendars) > 512:
            _working_calendars.clear()
        found = WorkingCalendar(timezone=calendar.zone, weekly=calendar.weekly_windows(), closed=calendar.closed_dates())
        _working_calendars[key] = found
    return found


def working_calendars(calendar_ids: Iterable[int]) -> dict[int, WorkingCalendar]:
    ids = {pk for pk in calendar_ids if pk}
    if not ids:
        return {}
    return {calendar.pk: working_calendar(calendar) for calendar in BusinessCalendar.objects.filter(pk__in=ids)}


def time_scale(case_sla: CaseSla, target: str, calendar: WorkingCalendar | None) -> TimeScale:
    """Business time on the case's calendar, or wall time (a wall-time target, or no calendar)."""
    spec = case_sla.targets.get(target)
    if spec and spec["business"] and calendar is not None:
        return calendar
    return WALL_TIME


# Each target's CaseSla attribute per clock field ("status" → "first_response_status"), named
# once: the clock code reads them many times for every customer message.
_CLOCK_FIELDS = ("status", "cycle", "started_at", "due_at", "at_risk_at", "completed_at", "margin_seconds")
CLOCK_COLUMNS = {target: {name: f"{target}_{name}" for name in _CLOCK_FIELDS} for target in TARGETS}
CLOCK_COLUMNS[Target.NEXT_RESPONSE].update(met_count="next_response_met_count", breached_count="next_response_breached_count")
_CLOCK_VALUES = {target: attrgetter(*(CLOCK_COLUMNS[target][name] for name in _CLOCK_FIELDS)) for target in TARGETS}
_RUNNING_VALUES = {target: attrgetter(*(CLOCK_COLUMNS[target][name] for name in ("status", "completed_at", "started_at"))) for target in TARGETS}
RUNNING_STATUSES = frozenset({ClockStatus.ON_TRACK, ClockStatus.AT_RISK, ClockStatus.BREACHED})


def target_amount(case_sla: CaseSla, target: str, share: Decimal | None = None) -> timedelta | None:
    spec = case_sla.targets.get(target)
    if not spec:
        return None
    return _amount(spec["seconds"], share)


@lru_cache(maxsize=1024)
def _amount(seconds: int, share: Decimal | None) -> timedelta:
    # Remembered: policies have few distinct targets and shares, and the clocks ask for them
    # several times per customer message (the Decimal math showed in profiles).
    if share is None:
        return timedelta(seconds=seconds)
    return timedelta(microseconds=int(Decimal(seconds) * 1_000_000 * share))


def pauses_of(case_sla: CaseSla) -> list[Pause]:
    return [(datetime.fromisoformat(start), datetime.fromisoformat(end) if end else None) for start, end in case_sla.pauses]


def clock_is_running(case_sla: CaseSla, target: str) -> bool:
    status, completed_at, started_at = _RUNNING_VALUES[target](case_sla)
    return status in RUNNING_STATUSES and completed_at is None and started_at is not None


def clock_remaining(
    case_sla: CaseSla, target: str, *, at: datetime, calendar: WorkingCalendar | None, counted: dict | None = None
) -> timedelta | None:
    """Target less the time counted so far (negative once breached), in the target's time.
    `counted`, one dict kept across a case's targets at one instant: first response and
    resolution usually run from the same start on the same scale, and business time is costly
    to count, so it is counted once."""
    amount = target_amount(case_sla, target)
    if amount is None or not clock_is_running(case_sla, target):
        return None
    scale = time_scale(case_sla, target, calendar)
    started_at = getattr(case_sla, CLOCK_COLUMNS[target]["started_at"])
    counted = {} if counted is None else counted
    key = (id(scale), started_at)  # the scale outlives the dict: its id is not reused meanwhile
    if key not in counted:
        counted[key] = clock_elapsed(scale, started_at, at, pauses_of(case_sla))
    return amount - counted[key]


# --- Policies ------------------------------------------------------------------------------


def calendar_list(*, workspace) -> QuerySet[BusinessCalendar]:
    return BusinessCalendar.objects.for_workspace(workspace).order_by("name", "pk")


def policy_list(*, workspace) -> QuerySet[SlaPolicy]:
    return SlaPolicy.objects.for_workspace(workspace).order_by("is_default", "position", "pk")


def active_policies(*, workspace_id: int) -> list[SlaPolicy]:
    """The workspace's active policies in the order they are tried (the default last), each
    with its calendar (every ingest batch reads them: constant SQL, core.reads)."""
    return _with_calendars(
        SlaPolicy, "WHERE p.workspace_id = %s AND p.is_active ORDER BY p.is_default, p.position, p.id", [workspace_id]
    )


def case_slas_locked(case_ids: Sequence[int]) -> list[CaseSla]:
    """The clocks of `case_ids`, locked in case order (their calendars are not), each with its
    calendar: what the batch's clock moves read first."""
    return _with_calendars(CaseSla, "WHERE p.case_id = ANY(%s) ORDER BY p.case_id FOR UPDATE OF p", [list(case_ids)])


def _with_calendars(model: type[SlaPolicy] | type[CaseSla], tail: str, params: Sequence) -> list:
    """Rows of `model` (aliased p; `tail` filters and orders) each with its calendar, as
    select_related("calendar") gives them."""
    found = []
    for row in reads.fetch(
        f"SELECT {reads.columns(model, 'p')}, {reads.columns(BusinessCalendar, 'k')} FROM {model._meta.db_table} p "
        f"LEFT JOIN {BusinessCalendar._meta.db_table} k ON k.id = p.calendar_id {tail}",
        params,
    ):
        obj, calendar = reads.joined(row, model, BusinessCalendar)
        obj.calendar = calendar if obj.calendar_id else None  # a LEFT JOIN without one reads all NULLs
        found.append(obj)
    return found


def policy_first_match(policies: Sequence[SlaPolicy], facts: CaseFacts) -> SlaPolicy | None:
    for policy in policies:
        if policy.is_default or conditions_match(policy.conditions, facts):
            return policy
    return None


def policy_match(*, facts: CaseFacts) -> SlaPolicy | None:
    """The policy a case with these facts gets: the first active one whose conditions
    match, else the default, else none (the case has no SLA)."""
    return policy_first_match(active_policies(workspace_id=facts.workspace_id), facts)


def policies_for_escalation(policy_ids: Iterable[int | None]) -> dict[int, SlaPolicy]:
    """Policies with what escalating needs loaded (the team, the member to email), by id."""
    ids = {pk for pk in policy_ids if pk}
    if not ids:
        return {}
    return {policy.pk: policy for policy in SlaPolicy.objects.select_related("escalate_team", "escalate_notify__user").filter(pk__in=ids)}


# --- Clocks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    target: str
    status: str
    business: bool | None
    target_seconds: int | None
    cycle: int
    started_at: datetime | None
    due_at: datetime | None
    at_risk_at: datetime | None
    completed_at: datetime | None
    remaining_seconds: int | None
    margin_seconds: int | None


def _floor_seconds(duration: timedelta | None) -> int | None:
    return None if duration is None else math.floor(duration.total_seconds())


def case_sla_clocks(case_sla: CaseSla, *, now: datetime, calendar: WorkingCalendar | None = None) -> dict[str, Clock]:
    """Each target's clock as people read it: remaining time counts business seconds for a
    business target (frozen while the case is paused); an answered clock shows its margin."""
    if calendar is None and case_sla.calendar_id:
        calendar = working_calendar(case_sla.calendar)
    counted: dict = {}
    clocks = {}
    for target in TARGETS:
        spec = case_sla.targets.get(target)
        status, cycle, started_at, due_at, at_risk_at, completed_at, margin = _CLOCK_VALUES[target](case_sla)
        remaining = clock_remaining(case_sla, target, at=now, calendar=calendar, counted=counted)
        if remaining is None and completed_at is not None and margin is not None:
            remaining = timedelta(seconds=margin)  # answered (or abandoned after a breach): what was left then
        clocks[target] = Clock(
            target=target,
            status=status,
            business=bool(spec["business"] and case_sla.calendar_id) if spec else None,
            target_seconds=spec["seconds"] if spec else None,
            cycle=cycle,
            started_at=started_at,
            due_at=due_at,
            at_risk_at=at_risk_at,
            completed_at=completed_at,
            remaining_seconds=_floor_seconds(remaining),
            margin_seconds=margin,
        )
    return clocks


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def case_sla_payload(case_sla: CaseSla, *, now: datetime) -> dict[str, Any]:
    """The clocks as a realtime event carries them (JSON-ready)."""
    clocks = case_sla_clocks(case_sla, now=now)
    return {
        "case_id": case_sla.case_id,
        "policy_id": case_sla.policy_id,
        "paused": case_sla.paused_at is not None,
        "next_due_at": _iso(case_sla.next_due_at),
        "clocks": {
            target: {
                "status": clock.status,
                "due_at": _iso(clock.due_at),
                "at_risk_at": _iso(clock.at_risk_at),
                "remaining_seconds": clock.remaining_seconds,
                "business": clock.business,
            }
            for target, clock in clocks.items()
        },
    }


def case_sla_get(*, workspace, case_id: int) -> CaseSla | None:
    return CaseSla.objects.for_workspace(workspace).select_related("calendar", "policy").filter(case_id=case_id).first()


def case_sla_for_cases(*, workspace, case_ids: Iterable[int]) -> dict[int, CaseSla]:
    """Clocks of many cases in one query (for case lists), with the calendar their times need."""
    ids = list(case_ids)
    if not ids:
        return {}
    return {row.case_id: row for row in CaseSla.objects.for_workspace(workspace).select_related("calendar").filter(case_id__in=ids)}


@dataclass(frozen=True)
class SlaSummary:
    """The one clock a case list row shows: the running target due first."""

    target: str
    state: str  # on_track | at_risk | breached | paused
    due_at: datetime | None
    at_risk_at: datetime | None
    remaining_seconds: int | None


def case_sla_summary(case_sla: CaseSla, *, now: datetime) -> SlaSummary | None:
    """The running clock due first, and its state at `now`; None when no clock runs.

    Deadlines are wall-clock instants even for business targets, so the client ticks from
    `due_at`/`at_risk_at` alone; only a paused clock needs its frozen time left, and only
    then is business time computed (the costly part), so a page of rows stays cheap."""
    running = [target for target in TARGETS if clock_is_running(case_sla, target)]
    if not running:
        return None
    paused = case_sla.paused_at is not None
    if paused:
        calendar = working_calendar(case_sla.calendar) if case_sla.calendar_id else None
        counted: dict = {}
        left = {target: clock_remaining(case_sla, target, at=now, calendar=calendar, counted=counted) for target in running}
        target = min(running, key=lambda t: left[t] if left[t] is not None else timedelta.max)
        remaining = _floor_seconds(left[target])
    else:
        target = min(running, key=lambda t: getattr(case_sla, f"{t}_due_at") or datetime.max.replace(tzinfo=now.tzinfo))
        remaining = None
    status = getattr(case_sla, f"{target}_status")
    due_at = getattr(case_sla, f"{target}_due_at")
    at_risk_at = getattr(case_sla, f"{target}_at_risk_at")
    if paused or due_at is None:
        state = "paused"
    elif status == ClockStatus.BREACHED or due_at <= now:
        state = ClockStatus.BREACHED.value
    elif status == ClockStatus.AT_RISK or (at_risk_at is not None and at_risk_at <= now):
        state = ClockStatus.AT_RISK.value
    else:
        state = ClockStatus.ON_TRACK.value
    return SlaSummary(target=target, state=state, due_at=due_at, at_risk_at=at_risk_at, remaining_seconds=remaining)


def case_sla_summaries(*, workspace, case_ids: Iterable[int], now: datetime) -> dict[int, SlaSummary | None]:
    """The row clocks of many cases in one query (a page of a case list)."""
    return {case_id: case_sla_summary(row, now=now) for case_id, row in case_sla_for_cases(workspace=workspace, case_ids=case_ids).items()}


def breaching_soon_list(
    *, workspace, now: datetime, within: timedelta, team_id: int | None = None, assignee_id: int | None = None
) -> QuerySet[CaseSla]:
    """Running clocks whose next deadline falls within `within` (or has passed and not been
    swept yet), soonest first, with the case fields a list row shows."""
    rows = (
        CaseSla.objects.for_workspace(workspace)
        .filter(next_due_at__isnull=False, next_due_at__lte=now + within)
        .select_related("calendar", "policy")
        .annotate(
            case_subject=F("case__subject"),
            case_status=F("case__status"),
            case_priority=F("case__priority"),
            case_assignee_id=F("case__assignee_id"),
            case_team_id=F("case__team_id"),
            customer_name=F("case__customer__display_name"),
        )
        .order_by("next_due_at", "pk")
    )
    if team_id is not None:
        rows = rows.filter(case__team_id=team_id)
    if assignee_id is not None:
        rows = rows.filter(case__assignee_id=assignee_id)
    return rows


def case_sla_view(case_sla: CaseSla, *, now: datetime) -> dict[str, Any]:
    """A case's clocks as the API shows them (sla.serializers.CaseSlaSerializer)."""
    clocks = case_sla_clocks(case_sla, now=now)
    policy = case_sla.policy if case_sla.policy_id else None
    return {
        "case_id": case_sla.case_id,
        "policy": {"id": policy.pk, "name": policy.name} if policy else None,
        "calendar_id": case_sla.calendar_id,
        "paused": case_sla.paused_at is not None,
        "paused_at": case_sla.paused_at,
        "stopped_at": case_sla.stopped_at,
        "next_due_at": case_sla.next_due_at,
        **clocks,
        "next_response_met_count": case_sla.next_response_met_count,
        "next_response_breached_count": case_sla.next_response_breached_count,
    }


def breaching_soon_view(case_sla: CaseSla, *, now: datetime) -> dict[str, Any]:
    """A row of the breaching-soon list: the clocks, the target due first, the case."""
    view = case_sla_view(case_sla, now=now)
    view["next_target"] = next(
        (target for target in TARGETS if view[target].due_at == case_sla.next_due_at and view[target].status != ClockStatus.BREACHED),
        TARGETS[0],
    )
    view["case"] = {
        "subject": case_sla.case_subject,
        "status": case_sla.case_status,
        "priority": case_sla.case_priority,
        "assignee_id": case_sla.case_assignee_id,
        "team_id": case_sla.case_team_id,
        "customer_name": case_sla.customer_name,
    }
    return view
