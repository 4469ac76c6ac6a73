"""SLA: business-hours calendars, policies, the clocks of each case, and their events.

The sla app sits below inbox: it knows a case only by its id (the `inbox.Case` foreign key
is named by string) and by the plain facts the inbox passes in (sla.facts.CaseFacts).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import WorkspaceOwnedModel
from sla.calendars import ClosedDates, Window, parse_time_of_day


class Target(models.TextChoices):
    FIRST_RESPONSE = "first_response", "First response"
    NEXT_RESPONSE = "next_response", "Next response"
    RESOLUTION = "resolution", "Resolution"


TARGETS: tuple[str, ...] = tuple(Target.values)


class ClockStatus(models.TextChoices):
    NONE = "none", "No target"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    BREACHED = "breached", "Breached"
    MET = "met", "Met"
    STOPPED = "stopped", "Stopped before an answer"


# A clock with one of these and no completed_at is running (a breached clock keeps running:
# its lateness grows until the answer comes).
RUNNING_STATUSES = (ClockStatus.ON_TRACK, ClockStatus.AT_RISK, ClockStatus.BREACHED)


class ReopenRule(models.TextChoices):
    RESTART = "restart", "Restart the full resolution target at the reopen"
    RESUME = "resume", "Continue the resolution clock; the time spent resolved does not count"


class BusinessCalendar(WorkspaceOwnedModel):
    """Working hours in a time zone: several windows per weekday (split shifts), public
    holidays of a country (and region) from the `holidays` package, plus custom dates."""

    name = models.CharField(max_length=120)
    timezone = models.CharField(max_length=64, default="UTC")
    hours = models.JSONField(default=list, blank=True, help_text='[{"weekday": 0, "start": "09:00", "end": "17:00"}, …]; Monday is 0.')
    holiday_country = models.CharField(max_length=3, blank=True, help_text="ISO 3166 code, e.g. ES; blank: no public holidays.")
    holiday_subdivision = models.CharField(max_length=10, blank=True, help_text="Region within the country, e.g. MD (Madrid).")
    custom_holidays = models.JSONField(default=list, blank=True, help_text='[{"date": "2026-12-24", "name": "Christmas Eve"}, …]')

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="sla_calendar_unique_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def weekly_windows(self) -> tuple[tuple[Window, ...], ...]:
        days: list[list[Window]] = [[] for _ in range(7)]
        for window in self.hours:
            days[window["weekday"]].append((parse_time_of_day(window["start"]), parse_time_of_day(window["end"])))
        return tuple(tuple(day) for day in days)

    def closed_dates(self) -> ClosedDates:
        return ClosedDates(
            country=self.holiday_country,
            subdivision=self.holiday_subdivision,
            extra=[date.fromisoformat(holiday["date"]) for holiday in self.custom_holidays],
        )


class SlaPolicy(WorkspaceOwnedModel):
    """Promised times for first response, next response and resolution, each in business
    time (on `calendar`; no calendar means around the clock) or wall time.

    Policies are tried in `position` order and the first whose conditions all match a new
    case applies; the workspace's default policy (at most one) applies when none does.
    Conditions (each a list, any value of the list matches; an absent key matches all):
    channel_kinds, channel_account_ids, priorities, customer_tiers, customer_tags, team_ids.
    A case keeps what its policy said when it opened (see CaseSla.targets); editing a
    policy changes new cases, and "re-apply" recomputes the open ones.
    """

    name = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0, help_text="Lower positions are tried first.")
    is_default = models.BooleanField(default=False, help_text="Applies when no other policy matches. One per workspace.")
    is_active = models.BooleanField(default=True)
    calendar = models.ForeignKey(BusinessCalendar, null=True, blank=True, on_delete=models.PROTECT, related_name="policies")
    conditions = models.JSONField(default=dict, blank=True)

    first_response_seconds = models.PositiveIntegerField(null=True, blank=True)
    first_response_business = models.BooleanField(default=True)
    next_response_seconds = models.PositiveIntegerField(null=True, blank=True)
    next_response_business = models.BooleanField(default=True)
    resolution_seconds = models.PositiveIntegerField(null=True, blank=True)
    resolution_business = models.BooleanField(default=True)
    at_risk_share = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.99"))],
        help_text="A clock is at risk once this share of its target has elapsed.",
    )
    resolution_on_reopen = models.CharField(max_length=8, choices=ReopenRule.choices, default=ReopenRule.RESTART)

    # Escalation, on breach (and on at-risk too when escalate_on_at_risk).
    escalate_on_at_risk = models.BooleanField(default=False)
    escalate_priority = models.SmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(3)], help_text="Raise the case to at least this priority."
    )
    escalate_team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    escalate_notify = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Emailed on escalation."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="sla_policy_unique_name"),
            models.UniqueConstraint(fields=["workspace"], condition=Q(is_default=True), name="sla_policy_one_default"),
        ]
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def targets(self) -> dict[str, dict]:
        """What a case keeps from this policy: {target: {"seconds", "business"}} for the set ones."""
        return {
            target: {"seconds": getattr(self, f"{target}_seconds"), "business": getattr(self, f"{target}_business")}
            for target in TARGETS
            if getattr(self, f"{target}_seconds")
        }


class CaseSla(WorkspaceOwnedModel):
    """The clocks of one case. Per target: when it started, when it is due and at risk
    (computed from the start, the target, the calendar and the pauses), its status, when it
    was answered and by how much it was met (margin > 0) or missed (margin < 0), in the
    target's own time (business or wall seconds).

    `next_check_at` is the next instant a status can change by itself (an at-risk point or
    a deadline): the sweep reads only rows whose `next_check_at` has passed, through a
    partial index, so its cost follows the clocks changing state, not the open cases.
    Paused and stopped cases have no next check.
    """

    case = models.OneToOneField("inbox.Case", on_delete=models.CASCADE, related_name="sla")
    policy = models.ForeignKey(SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_clocks")
    calendar = models.ForeignKey(BusinessCalendar, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    targets = models.JSONField(default=dict, help_text="The policy's targets when applied: {target: {seconds, business}}.")
    at_risk_share = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0.80"))
    resolution_on_reopen = models.CharField(max_length=8, choices=ReopenRule.choices, default=ReopenRule.RESTART)

    pauses = models.JSONField(default=list, help_text="[[start, end or null], …] ISO instants, oldest first.")
    paused_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True, help_text="Set while the case is resolved, closed, merged or spam.")

    first_response_status = models.CharField(max_length=10, choices=ClockStatus.choices, default=ClockStatus.NONE)
    first_response_cycle = models.PositiveIntegerField(default=0)
    first_response_started_at = models.DateTimeField(null=True, blank=True)
    first_response_due_at = models.DateTimeField(null=True, blank=True)
    first_response_at_risk_at = models.DateTimeField(null=True, blank=True)
    first_response_completed_at = models.DateTimeField(null=True, blank=True)
    first_response_margin_seconds = models.IntegerField(null=True, blank=True)

    next_response_status = models.CharField(max_length=10, choices=ClockStatus.choices, default=ClockStatus.NONE)
    next_response_cycle = models.PositiveIntegerField(default=0)
    next_response_started_at = models.DateTimeField(null=True, blank=True)
    next_response_due_at = models.DateTimeField(null=True, blank=True)
    next_response_at_risk_at = models.DateTimeField(null=True, blank=True)
    next_response_completed_at = models.DateTimeField(null=True, blank=True)
    next_response_margin_seconds = models.IntegerField(null=True, blank=True)
    next_response_met_count = models.PositiveIntegerField(default=0)
    next_response_breached_count = models.PositiveIntegerField(default=0)

    resolution_status = models.CharField(max_length=10, choices=ClockStatus.choices, default=ClockStatus.NONE)
    resolution_cycle = models.PositiveIntegerField(default=0)
    resolution_started_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    resolution_at_risk_at = models.DateTimeField(null=True, blank=True)
    resolution_completed_at = models.DateTimeField(null=True, blank=True)
    resolution_margin_seconds = models.IntegerField(null=True, blank=True)

    first_replied_at = models.DateTimeField(null=True, blank=True, help_text="The first agent reply, with or without a target.")
    next_due_at = models.DateTimeField(null=True, blank=True, help_text="Earliest deadline not yet breached.")
    next_check_at = models.DateTimeField(null=True, blank=True, help_text="Next at-risk point or deadline: what the sweep waits for.")

    class Meta:
        indexes = [
            models.Index(fields=["next_check_at"], condition=Q(next_check_at__isnull=False), name="sla_clock_next_check_idx"),
            models.Index(fields=["workspace", "next_due_at"], condition=Q(next_due_at__isnull=False), name="sla_clock_next_due_idx"),
            models.Index(fields=["policy"], condition=Q(stopped_at__isnull=True), name="sla_clock_open_policy_idx"),
        ]

    def __str__(self) -> str:
        return f"SLA of case #{self.case_id}"


class SlaEventKind(models.TextChoices):
    AT_RISK = "at_risk", "At risk"
    BREACHED = "breached", "Breached"
    MET = "met", "Met"


class SlaEvent(WorkspaceOwnedModel):
    """What happened to a clock, once: the SLA history of a case, and an outbox.

    The sweep writes at-risk and breach events in the transaction that changes the clock,
    without touching the case row (so `case_id` is a plain column, not a foreign key whose
    check would lock the case); `sla_events_dispatch` then sends the signals that write the
    timeline, notify and escalate, each event once. A unique key per (case, target, cycle,
    kind) makes a repeated evaluation a no-op.
    """

    case_id = models.BigIntegerField()
    policy_id = models.BigIntegerField(null=True, blank=True)
    target = models.CharField(max_length=16, choices=Target.choices)
    kind = models.CharField(max_length=10, choices=SlaEventKind.choices)
    cycle = models.PositiveIntegerField(help_text="Which run of the target: next response counts up per customer message it waits on.")
    business = models.BooleanField(help_text="Measured in business time (else wall time).")
    due_at = models.DateTimeField(null=True, blank=True)
    occurred_at = models.DateTimeField()
    margin_seconds = models.IntegerField(null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatch_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_id", "target", "cycle", "kind"], name="sla_event_once_per_cycle"),
        ]
        indexes = [
            models.Index(fields=["id"], condition=Q(dispatched_at__isnull=True), name="sla_event_undispatched_idx"),
            models.Index(fields=["workspace", "kind", "occurred_at"], name="sla_event_kind_time_idx"),
            models.Index(fields=["case_id", "occurred_at"], name="sla_event_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.kind} of case #{self.case_id}"
