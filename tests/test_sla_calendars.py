"""Business-time math (sla.calendars): worked examples, then properties checked by
hypothesis against a reference implementation that steps minute by minute."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sla.calendars import (
    WALL_TIME,
    ClosedDates,
    NoWorkingTime,
    WorkingCalendar,
    add_business_seconds,
    business_seconds_between,
    business_time_add,
    business_time_between,
    clock_deadline,
    clock_elapsed,
    normalize_windows,
    parse_time_of_day,
)

MADRID = ZoneInfo("Europe/Madrid")
NEW_YORK = ZoneInfo("America/New_York")
H = 3600


def hours(*windows: str) -> tuple[tuple[int, int], ...]:
    """hours("09:00-17:00", "18:00-20:00") → windows in seconds."""
    return tuple((parse_time_of_day(w.split("-")[0]), parse_time_of_day(w.split("-")[1])) for w in windows)


def weekdays(*windows: str, weekend: tuple = ()) -> tuple:
    return (hours(*windows),) * 5 + (weekend, weekend)


def local(tz, *args) -> datetime:
    return datetime(*args, tzinfo=tz)


OFFICE = WorkingCalendar(timezone=MADRID, weekly=weekdays("09:00-17:00"))


class TestWorkedExamples:
    def test_friday_1630_plus_one_business_hour_is_monday_0930(self):
        friday = local(MADRID, 2026, 11, 20, 16, 30)
        assert friday.weekday() == 4
        due = business_time_add(OFFICE, friday, timedelta(hours=1))
        assert due == local(MADRID, 2026, 11, 23, 9, 30)
        assert business_time_between(OFFICE, friday, due) == timedelta(hours=1)

    def test_a_target_ending_at_closing_time_is_due_at_closing_time(self):
        assert business_time_add(OFFICE, local(MADRID, 2026, 11, 18, 16), timedelta(hours=1)) == local(MADRID, 2026, 11, 18, 17)

    def test_outside_hours_the_clock_starts_at_the_next_opening(self):
        saturday = local(MADRID, 2026, 11, 21, 12)
        assert business_time_add(OFFICE, saturday, timedelta(minutes=1)) == local(MADRID, 2026, 11, 23, 9, 1)
        assert business_time_between(OFFICE, saturday, local(MADRID, 2026, 11, 23, 8)) == timedelta(0)

    def test_split_shifts_and_a_target_longer_than_any_window(self):
        calendar = WorkingCalendar(timezone=MADRID, weekly=weekdays("09:00-10:00", "16:00-17:00"))
        start = local(MADRID, 2026, 11, 16, 9, 30)  # Monday
        # 30 min Monday morning, 1 h Monday afternoon, 1 h Tuesday morning, 30 min Tuesday afternoon.
        assert business_time_add(calendar, start, timedelta(hours=3)) == local(MADRID, 2026, 11, 17, 16, 30)

    def test_public_holiday_from_the_holidays_package(self):
        calendar = WorkingCalendar(timezone=MADRID, weekly=weekdays("09:00-17:00"), closed=ClosedDates(country="ES", subdivision="MD"))
        friday = local(MADRID, 2026, 12, 4, 16)
        # Madrid 2026: Monday 7 (Constitution Day, moved from Sunday) and Tuesday 8 (Immaculate
        # Conception) are closed: 1 h on Friday, the second on Wednesday.
        assert business_time_add(calendar, friday, timedelta(hours=2)) == local(MADRID, 2026, 12, 9, 10)
        assert calendar.closed.name(date(2026, 12, 7)) and calendar.closed.name(date(2026, 12, 8))
        assert calendar.closed.name(date(2026, 12, 9)) is None

    def test_custom_closed_dates(self):
        calendar = WorkingCalendar(timezone=MADRID, weekly=weekdays("09:00-17:00"), closed=ClosedDates(extra=[date(2026, 11, 23)]))
        assert business_time_add(calendar, local(MADRID, 2026, 11, 20, 16, 30), timedelta(hours=1)) == local(MADRID, 2026, 11, 24, 9, 30)

    def test_spring_forward_night_shift_is_one_hour_shorter(self):
        night = WorkingCalendar(timezone=MADRID, weekly=(hours("00:00-04:00"),) * 7)
        sunday = date(2026, 3, 29)  # 02:00 → 03:00 in Madrid
        start, end = local(MADRID, 2026, 3, 28, 23), local(MADRID, 2026, 3, 29, 12)
        assert business_time_between(night, start, end) == timedelta(hours=3)
        # 01:30 + 1 business hour: 01:30–02:00, then the clock jumps to 03:00; due 03:30.
        assert business_time_add(night, local(MADRID, 2026, 3, 29, 1, 30), timedelta(hours=1)) == local(MADRID, 2026, 3, 29, 3, 30)
        assert sunday.weekday() == 6

    def test_fall_back_night_shift_counts_the_repeated_hour_twice(self):
        night = WorkingCalendar(timezone=MADRID, weekly=(hours("00:00-04:00"),) * 7)
        start, end = local(MADRID, 2026, 10, 24, 23), local(MADRID, 2026, 10, 25, 12)
        assert business_time_between(night, start, end) == timedelta(hours=5)

    def test_office_hours_across_a_dst_weekend_stay_nine_to_five_local(self):
        calendar = WorkingCalendar(timezone=NEW_YORK, weekly=weekdays("09:00-17:00"))
        friday = local(NEW_YORK, 2026, 3, 6, 16)  # DST starts Sunday 8 March
        due = business_time_add(calendar, friday, timedelta(hours=2))
        assert due == local(NEW_YORK, 2026, 3, 9, 10)
        assert due.tzinfo == UTC
        assert due - friday == timedelta(days=2, hours=17)  # one wall hour less than 2 days 18 hours

    def test_a_window_until_midnight(self):
        calendar = WorkingCalendar(timezone=MADRID, weekly=(hours("20:00-24:00", "00:00-02:00"),) * 7)
        assert business_time_add(calendar, local(MADRID, 2026, 11, 18, 23), timedelta(hours=2)) == local(MADRID, 2026, 11, 19, 1)

    def test_between_is_signed_and_seconds_helpers_agree(self):
        a, b = local(MADRID, 2026, 11, 16, 10), local(MADRID, 2026, 11, 16, 12, 0, 30)
        assert business_seconds_between(OFFICE, a, b) == 7230
        assert business_time_between(OFFICE, b, a) == -timedelta(seconds=7230)
        assert add_business_seconds(OFFICE, a, 7230) == b

    def test_microseconds_are_kept(self):
        start = local(MADRID, 2026, 11, 16, 10, 0, 0, 123456)
        assert business_time_add(OFFICE, start, timedelta(microseconds=1)) == start + timedelta(microseconds=1)

    def test_a_calendar_without_working_time_refuses_to_add(self):
        with pytest.raises(NoWorkingTime):
            business_time_add(WorkingCalendar(timezone=MADRID, weekly=((),) * 7), local(MADRID, 2026, 1, 1), timedelta(seconds=1))
        assert business_time_between(WorkingCalendar(timezone=MADRID, weekly=((),) * 7), local(MADRID, 2026, 1, 1), local(MADRID, 2027, 1, 1)) == timedelta(0)

    def test_windows_are_validated(self):
        with pytest.raises(ValueError):
            normalize_windows([(9 * H, 12 * H), (11 * H, 13 * H)])
        with pytest.raises(ValueError):
            normalize_windows([(17 * H, 9 * H)])
        with pytest.raises(ValueError):
            parse_time_of_day("25:00")
        assert parse_time_of_day("24:00") == 86400


class TestPausedClocks:
    def test_a_pause_over_a_weekend_pushes_the_deadline_by_its_business_time(self):
        start = local(MADRID, 2026, 11, 20, 15)  # Friday
        pause = (local(MADRID, 2026, 11, 20, 16), local(MADRID, 2026, 11, 23, 10))  # 1 h Friday + 1 h Monday
        due = clock_deadline(OFFICE, start, timedelta(hours=4), [pause])
        # 1 h before the pause, then 3 h from Monday 10:00.
        assert due == local(MADRID, 2026, 11, 23, 13)
        assert clock_elapsed(OFFICE, start, due, [pause]) == timedelta(hours=4)

    def test_paused_now_means_no_deadline_yet(self):
        start = local(MADRID, 2026, 11, 16, 9)
        assert clock_deadline(OFFICE, start, timedelta(hours=4), [(local(MADRID, 2026, 11, 16, 10), None)]) is None
        # ... unless the target ran out before the pause began.
        assert clock_deadline(OFFICE, start, timedelta(minutes=30), [(local(MADRID, 2026, 11, 16, 10), None)]) == local(MADRID, 2026, 11, 16, 9, 30)
        assert clock_elapsed(OFFICE, start, local(MADRID, 2026, 11, 16, 15), [(local(MADRID, 2026, 11, 16, 10), None)]) == timedelta(hours=1)

    def test_wall_time_ignores_the_calendar(self):
        start = local(MADRID, 2026, 11, 20, 16, 30)
        assert clock_deadline(WALL_TIME, start, timedelta(hours=1), []) == local(MADRID, 2026, 11, 20, 17, 30)
        pause = (local(MADRID, 2026, 11, 20, 16, 45), local(MADRID, 2026, 11, 20, 18))
        assert clock_deadline(WALL_TIME, start, timedelta(hours=1), [pause]) == local(MADRID, 2026, 11, 20, 18, 45)

    def test_pauses_before_the_start_do_not_count(self):
        start = local(MADRID, 2026, 11, 17, 9)
        old_pause = (local(MADRID, 2026, 11, 16, 10), local(MADRID, 2026, 11, 16, 12))
        assert clock_deadline(OFFICE, start, timedelta(hours=1), [old_pause]) == local(MADRID, 2026, 11, 17, 10)


# --- Properties against a minute-stepping reference ----------------------------------------

ZONES = ["UTC", "Europe/Madrid", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Europe/Warsaw"]
MINUTE = timedelta(minutes=1)


def reference_is_working(calendar: WorkingCalendar, moment: datetime) -> bool:
    wall = moment.astimezone(calendar.timezone)
    if wall.date() in calendar.closed:
        return False
    second = wall.hour * 3600 + wall.minute * 60 + wall.second
    return any(start <= second < end for start, end in calendar.weekly[wall.weekday()])


def reference_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    total, moment = timedelta(0), start
    while moment < end:
        if reference_is_working(calendar, moment):
            total += MINUTE
        moment += MINUTE
    return total


def reference_add(calendar: WorkingCalendar, start: datetime, minutes: int) -> datetime:
    moment, counted = start, 0
    while counted < minutes:
        if reference_is_working(calendar, moment):
            counted += 1
        moment += MINUTE
    # The end of the last counted minute.
    return moment


@st.composite
def day_windows(draw):
    cuts = sorted(draw(st.sets(st.integers(min_value=0, max_value=96), max_size=6)))
    if len(cuts) % 2:
        cuts = cuts[:-1]
    return tuple((cuts[i] * 900, cuts[i + 1] * 900) for i in range(0, len(cuts), 2))


@st.composite
def calendars(draw):
    weekly = tuple(draw(day_windows()) for _ in range(7))
    closed = frozenset(draw(st.sets(st.dates(min_value=date(2026, 3, 1), max_value=date(2026, 11, 30)), max_size=20)))
    return WorkingCalendar(timezone=ZoneInfo(draw(st.sampled_from(ZONES))), weekly=weekly, closed=closed)


# Starts cluster around the 2026 daylight-saving changes of the zones above.
DST_DAYS = [datetime(2026, 3, 8, tzinfo=UTC), datetime(2026, 3, 29, tzinfo=UTC), datetime(2026, 4, 5, tzinfo=UTC),
            datetime(2026, 9, 6, tzinfo=UTC), datetime(2026, 10, 4, tzinfo=UTC), datetime(2026, 10, 25, tzinfo=UTC),
            datetime(2026, 11, 1, tzinfo=UTC)]  # fmt: skip


@st.composite
def minute_instants(draw):
    base = draw(st.sampled_from(DST_DAYS))
    return base + timedelta(minutes=draw(st.integers(min_value=-3 * 1440, max_value=3 * 1440)))


def weekly_minutes(calendar: WorkingCalendar) -> int:
    return sum(end - start for day in calendar.weekly for start, end in day) // 60


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=minute_instants(), span=st.integers(min_value=0, max_value=5 * 1440))
def test_between_matches_the_reference(calendar, start, span):
    end = start + timedelta(minutes=span)
    assert business_time_between(calendar, start, end) == reference_between(calendar, start, end)


@PROPERTY_SETTINGS
@given(calendar=calendars(), start=minute_instants(), minutes=st.integers(min_value=1, max_value=3000))
def test_add_matches_the_reference(calendar, start, minutes):
    # Keeps the reference's walk within a few weeks.
    assume(minutes <= 2 * weekly_minutes(calendar))
    assert business_time_add(calendar, start, timedelta(minutes=minutes)) == reference_add(calendar, start, minutes)


@PROPERTY_SETTINGS
@given(
    calendar=calendars(),
    start=minute_instants(),
    jitter=st.integers(min_value=0, max_value=59_999_999),
    amount=st.integers(min_value=0, max_value=10**12),
)
def test_between_inverts_add_at_any_microsecond(calendar, start, jitter, amount):
    assume(any(calendar.weekly))
    start = start + timedelta(microseconds=jitter)
    amount = timedelta(microseconds=amount % (4 * 86_400 * 10**6))
    due = business_time_add(calendar, start, amount)
    assert due >= start
    assert business_time_between(calendar, start, due) == amount
    # Earliest: a microsecond earlier, the amount has not passed yet.
    if amount:
        assert business_time_between(calendar, start, due - timedelta(microseconds=1)) < amount


@PROPERTY_SETTINGS
@given(calendar=calendars(), a=minute_instants(), b=minute_instants(), c=minute_instants())
def test_between_is_additive(calendar, a, b, c):
    a, b, c = sorted([a, b, c])
    assert business_time_between(calendar, a, b) + business_time_between(calendar, b, c) == business_time_between(calendar, a, c)


@PROPERTY_SETTINGS
@given(
    calendar=calendars(),
    start=minute_instants(),
    amount=st.integers(min_value=1, max_value=2000),
    pause_offsets=st.lists(st.tuples(st.integers(min_value=0, max_value=3000), st.integers(min_value=0, max_value=3000)), max_size=3),
)
def test_paused_deadline_matches_the_reference(calendar, start, amount, pause_offsets):
    """A clock with pauses, stepped minute by minute: counts only working, unpaused minutes."""
    assume(amount <= 2 * weekly_minutes(calendar))
    pauses, cursor = [], start
    for gap, length in pause_offsets:
        pause_start = cursor + timedelta(minutes=gap)
        pause_end = pause_start + timedelta(minutes=length + 1)
        pauses.append((pause_start, pause_end))
        cursor = pause_end
    moment, counted = start, 0
    while counted < amount:
        paused = any(s <= moment < e for s, e in pauses)
        if not paused and reference_is_working(calendar, moment):
            counted += 1
        moment += MINUTE
    due = clock_deadline(calendar, start, timedelta(minutes=amount), pauses)
    assert due == moment
    assert clock_elapsed(calendar, start, due, pauses) == timedelta(minutes=amount)
