"""SLA API shapes: calendars, policies, and the clocks of a case."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from decimal import Decimal

import holidays as public_holidays
from rest_framework import serializers

from accounts.models import Membership, Team
from channel_accounts.models import CHANNEL_KIND_CHOICES, ChannelAccount
from sla.calendars import normalize_windows, parse_time_of_day
from sla.models import TARGETS, BusinessCalendar, ClockStatus, ReopenRule, SlaPolicy, Target

MAX_TAG_LENGTH = 64
MAX_BREACHING_SOON_WINDOW = timedelta(days=7)


class WorkspaceObjectField(serializers.PrimaryKeyRelatedField):
    """An id in a request body, looked up only within the caller's workspace: another
    tenant's id is answered exactly like an id that does not exist."""

    def get_queryset(self):
        return super().get_queryset().for_workspace(self.context["request"].workspace)


# --- Calendars --------------------------------------------------------------------------------


class WorkingWindowSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 is Monday, 6 is Sunday.")
    start = serializers.RegexField(r"^\d{2}:\d{2}$", help_text="Local time, HH:MM.")
    end = serializers.RegexField(r"^\d{2}:\d{2}$", help_text="Local time, HH:MM; 24:00 is midnight at the end of the day.")

    def validate(self, attrs):
        try:
            start, end = parse_time_of_day(attrs["start"]), parse_time_of_day(attrs["end"])
        except ValueError as error:
            raise serializers.ValidationError(str(error))
        if start >= end:
            raise serializers.ValidationError(
                {"end": ["Must come after start; a shift past midnight is two windows (…–24:00 and 00:00–…)."]}
            )
        return attrs


class CustomHolidaySerializer(serializers.Serializer):
    date = serializers.DateField()
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class CalendarSerializer(serializers.ModelSerializer):
    hours = WorkingWindowSerializer(many=True)
    custom_holidays = CustomHolidaySerializer(many=True)

    class Meta:
        model = BusinessCalendar
        fields = ["id", "name", "timezone", "hours", "holiday_country", "holiday_subdivision", "custom_holidays", "created_at", "updated_at"]


class CalendarInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    timezone = serializers.CharField(max_length=64, default="UTC", help_text="IANA time zone, e.g. Europe/Madrid.")
    hours = WorkingWindowSerializer(many=True, default=list, help_text="Working windows; several per weekday for split shifts.")
    holiday_country = serializers.CharField(max_length=3, required=False, allow_blank=True, default="", help_text="ISO 3166 code, e.g. ES.")
    holiday_subdivision = serializers.CharField(max_length=10, required=False, allow_blank=True, default="", help_text="e.g. MD.")
    custom_holidays = CustomHolidaySerializer(many=True, default=list, help_text="The workspace's own closed dates.")

    def validate_timezone(self, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(f"Unknown time zone {value!r}.")
        return value

    def validate_hours(self, windows: list[dict]) -> list[dict]:
        by_day: dict[int, list[tuple[int, int]]] = {}
        for window in windows:
            by_day.setdefault(window["weekday"], []).append((parse_time_of_day(window["start"]), parse_time_of_day(window["end"])))
        for weekday, day_windows in by_day.items():
            try:
                normalize_windows(day_windows)
            except ValueError as error:
                raise serializers.ValidationError(f"Weekday {weekday}: {error}")
        return sorted(
            ({"weekday": w["weekday"], "start": w["start"], "end": w["end"]} for w in windows), key=lambda w: (w["weekday"], w["start"])
        )

    def validate_custom_holidays(self, dates: list[dict]) -> list[dict]:
        seen = set()
        for holiday in dates:
            if holiday["date"] in seen:
                raise serializers.ValidationError(f"{holiday['date']} is listed twice.")
            seen.add(holiday["date"])
        return [{"date": holiday["date"].isoformat(), "name": holiday["name"]} for holiday in sorted(dates, key=lambda h: h["date"])]

    def validate(self, attrs):
        country = attrs.get("holiday_country", self.instance.holiday_country if self.instance else "").upper()
        subdivision = attrs.get("holiday_subdivision", self.instance.holiday_subdivision if self.instance else "")
        if "holiday_country" in attrs:
            attrs["holiday_country"] = country
        supported = public_holidays.list_supported_countries()
        if country and country not in supported:
            raise serializers.ValidationError({"holiday_country": [f"No public holidays known for {country!r}."]})
        if subdivision:
            if not country:
                raise serializers.ValidationError({"holiday_subdivision": ["Give the country too."]})
            if subdivision not in supported[country]:
                raise serializers.ValidationError(
                    {"holiday_subdivision": [f"{subdivision!r} is not a region of {country}; known: {', '.join(supported[country])}."]}
                )
        return attrs


# --- Policies ---------------------------------------------------------------------------------


class PolicyConditionsSerializer(serializers.Serializer):
    """All given conditions must hold; within one, any of its values will do."""

    channel_kinds = serializers.ListField(child=serializers.ChoiceField(choices=CHANNEL_KIND_CHOICES), required=False)
    channel_account_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    priorities = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=3), required=False)
    customer_tiers = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TAG_LENGTH), required=False, help_text='Loyalty tiers (a customer tagged "tier:gold" is gold).'
    )
    customer_tags = serializers.ListField(child=serializers.CharField(max_length=MAX_TAG_LENGTH), required=False)
    team_ids = serializers.ListField(child=serializers.IntegerField(), required=False)

    def _in_workspace(self, model, ids: list[int], field: str) -> list[int]:
        ids = sorted(set(ids))
        found = set(model.objects.for_workspace(self.context["request"].workspace).filter(pk__in=ids).values_list("pk", flat=True))
        missing = [pk for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(f"Unknown {field}: {', '.join(map(str, missing))}.")
        return ids

    def validate_channel_account_ids(self, ids: list[int]) -> list[int]:
        return self._in_workspace(ChannelAccount, ids, "channel accounts")

    def validate_team_ids(self, ids: list[int]) -> list[int]:
        return self._in_workspace(Team, ids, "teams")

    def validate(self, attrs):
        cleaned = {}
        for key, values in attrs.items():
            if key in ("customer_tags", "customer_tiers"):
                values = sorted({value.strip().lower() for value in values if value.strip()})
            elif key in ("channel_kinds", "priorities"):
                values = sorted(set(values))
            if values:
                cleaned[key] = values
        return cleaned


class PolicySerializer(serializers.ModelSerializer):
    calendar_id = serializers.IntegerField(allow_null=True, read_only=True)
    escalate_team_id = serializers.IntegerField(allow_null=True, read_only=True)
    escalate_notify_id = serializers.IntegerField(allow_null=True, read_only=True)
    conditions = PolicyConditionsSerializer()
    at_risk_share = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)

    class Meta:
        model = SlaPolicy
        fields = [
            "id", "name", "position", "is_default", "is_active", "calendar_id", "conditions",
            *(f"{target}_{suffix}" for target in TARGETS for suffix in ("seconds", "business")),
            "at_risk_share", "resolution_on_reopen",
            "escalate_on_at_risk", "escalate_priority", "escalate_team_id", "escalate_notify_id",
            "created_at", "updated_at",
        ]  # fmt: skip


def _target_seconds(target: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text=f"{Target(target).label} target in seconds; null: no target."
    )


def _target_business() -> serializers.BooleanField:
    return serializers.BooleanField(required=False, default=True, help_text="Count business time on the calendar (else wall time).")


class PolicyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    position = serializers.IntegerField(min_value=0, required=False, default=0)
    is_default = serializers.BooleanField(required=False, default=False)
    is_active = serializers.BooleanField(required=False, default=True)
    calendar_id = WorkspaceObjectField(
        source="calendar", queryset=BusinessCalendar.objects.all(), allow_null=True, required=False, default=None,
        help_text="Business hours for business-time targets; null: around the clock.",
    )  # fmt: skip
    conditions = PolicyConditionsSerializer(required=False, default=dict)
    first_response_seconds = _target_seconds("first_response")
    first_response_business = _target_business()
    next_response_seconds = _target_seconds("next_response")
    next_response_business = _target_business()
    resolution_seconds = _target_seconds("resolution")
    resolution_business = _target_business()
    at_risk_share = serializers.DecimalField(max_digits=3, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("0.99"), required=False, default=Decimal("0.80"))
    resolution_on_reopen = serializers.ChoiceField(choices=ReopenRule.choices, required=False, default=ReopenRule.RESTART)
    escalate_on_at_risk = serializers.BooleanField(required=False, default=False)
    escalate_priority = serializers.IntegerField(min_value=0, max_value=3, required=False, allow_null=True, default=None)
    escalate_team_id = WorkspaceObjectField(source="escalate_team", queryset=Team.objects.all(), allow_null=True, required=False, default=None)
    escalate_notify_id = WorkspaceObjectField(
        source="escalate_notify", queryset=Membership.objects.filter(is_active=True), allow_null=True, required=False, default=None,
        help_text="A member (usually a supervisor) emailed on escalation.",
    )  # fmt: skip

    def validate(self, attrs):
        def current(name):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name) if self.instance is not None else None

        if not any(current(f"{target}_seconds") for target in TARGETS):
            raise serializers.ValidationError({"first_response_seconds": ["Set at least one target."]})
        if current("is_default") and current("conditions"):
            raise serializers.ValidationError({"conditions": ["The default policy applies when no other matches: it takes no conditions."]})
        return attrs


class PolicyReapplyResultSerializer(serializers.Serializer):
    recomputed = serializers.IntegerField(help_text="Open cases whose clocks were recomputed (0 when queued).")
    queued = serializers.BooleanField(help_text="True (HTTP 202): many open cases; a background job recomputes them.")


# --- Clocks -----------------------------------------------------------------------------------


class ClockSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClockStatus.choices)
    business = serializers.BooleanField(allow_null=True, help_text="Business time on the calendar (false: wall time; null: no target).")
    target_seconds = serializers.IntegerField(allow_null=True)
    cycle = serializers.IntegerField(help_text="Runs of this clock so far (next response: one per customer wait).")
    started_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="Null while paused (the deadline moves with the pause).")
    at_risk_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    remaining_seconds = serializers.IntegerField(
        allow_null=True, help_text="Time left in the target's own time (business seconds for a business target); negative once breached."
    )
    margin_seconds = serializers.IntegerField(allow_null=True, help_text="Answered: time to spare (> 0) or lateness (< 0).")


class PolicyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseSlaSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    policy = PolicyBriefSerializer(allow_null=True)
    calendar_id = serializers.IntegerField(allow_null=True)
    paused = serializers.BooleanField(help_text="The case is pending or snoozed: no clock counts.")
    paused_at = serializers.DateTimeField(allow_null=True)
    stopped_at = serializers.DateTimeField(allow_null=True)
    next_due_at = serializers.DateTimeField(allow_null=True)
    first_response = ClockSerializer()
    next_response = ClockSerializer()
    resolution = ClockSerializer()
    next_response_met_count = serializers.IntegerField()
    next_response_breached_count = serializers.IntegerField()


class BreachingCaseSerializer(serializers.Serializer):
    subject = serializers.CharField()
    status = serializers.CharField()
    priority = serializers.IntegerField()
    assignee_id = serializers.IntegerField(allow_null=True)
    team_id = serializers.IntegerField(allow_null=True)
    customer_name = serializers.CharField()


class BreachingSoonSerializer(CaseSlaSerializer):
    next_target = serializers.ChoiceField(choices=Target.choices, help_text="The target due first.")
    case = BreachingCaseSerializer()


class BreachingSoonQuerySerializer(serializers.Serializer):
    within = serializers.IntegerField(
        min_value=1, max_value=int(MAX_BREACHING_SOON_WINDOW.total_seconds()), required=False, default=3600,
        help_text="Deadlines up to this many seconds from now (and any not swept yet).",
    )  # fmt: skip
    team = serializers.IntegerField(required=False, help_text="Only cases of this team.")
    assignee = serializers.IntegerField(required=False, help_text="Only cases of this member.")
