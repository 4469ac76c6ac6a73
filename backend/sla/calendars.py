"""Business time: pure functions over a working-hours calendar and over pausable clocks.

No Django here, so the rules can be checked against a reference implementation
(tests/test_sla_calendars.py steps minute by minute and compares).

What counts as business time. An instant is working time when, read on the calendar's
wall clock (its zoneinfo time zone), its local date is not a closed date (a holiday) and
its local time of day falls inside one of that weekday's windows ``[start, end)``. Time is
measured in real elapsed time, so across daylight-saving changes a 00:00–04:00 window lasts
three hours on the spring-forward night and five on the fall-back night; a window boundary
that falls in the spring-forward gap simply has no instant at it. Windows never cross
midnight (a night shift is 22:00–24:00 plus 00:00–06:00 of the next weekday).

Everything is exact to the microsecond (timedelta arithmetic, never floats), and every
datetime returned is aware and in UTC.
"""

from __future__ import annotations

import heapq
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays as public_holidays

SECONDS_PER_DAY = 86_400
ZERO = timedelta(0)
# Every UTC offset in the tz database is within ±14 h; one hour more for safety.
MAX_OFFSET = timedelta(hours=15)
# How often the UTC offset is sampled while looking for a daylight-saving change: real
# changes are months apart, so two can never hide between two samples.
OFFSET_SAMPLE = timedelta(hours=6)
# add() gives up when the calendar has had no working time for this long (e.g. no windows
# at all, or every day a holiday): the deadline would never come.
MAX_IDLE_DAYS = 3 * 366

Window = tuple[int, int]  # seconds since local midnight, [start, end), 0 <= start < end <= 86400
Interval = tuple[datetime, datetime]  # UTC, [start, end)


class NoWorkingTime(ValueError):
    """The calendar has no working time left to count (no windows, or only holidays)."""


def parse_time_of_day(value: str) -> int:
    """'09:30' → 34200 seconds since midnight. '24:00' is the end of the day."""
    try:
        hours, minutes = value.split(":")
        seconds = int(hours) * 3600 + int(minutes) * 60
    except ValueError:
        raise ValueError(f"{value!r} is not a time of day like 09:30.")
    if not (0 <= int(minutes) < 60 and 0 <= seconds <= SECONDS_PER_DAY):
        raise ValueError(f"{value!r} is not a time of day between 00:00 and 24:00.")
    return seconds


def format_time_of_day(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"


def normalize_windows(windows: Iterable[Window]) -> tuple[Window, ...]:
    """Sorted windows of one day; refuses empty, reversed or overlapping ones."""
    ordered = sorted(windows)
    for start, end in ordered:
        if not (0 <= start < end <= SECONDS_PER_DAY):
            raise ValueError(f"Window {format_time_of_day(start)}–{format_time_of_day(end)} must start before it ends, within one day.")
    for (_, first_end), (second_start, _) in zip(ordered, ordered[1:], strict=False):
        if second_start < first_end:
            raise ValueError(f"Windows overlap at {format_time_of_day(second_start)}.")
    return tuple(ordered)


def holiday_rules_preload() -> None:
    """Import every country's holiday rules now. The first `country_holidays` call imports them
    all (≈ 0.75 s here): a long-running process does it at startup, so the first message whose
    SLA clock needs a calendar does not wait for it (bench/webhooks.py saw 0.5–0.9 s)."""
    import holidays.countries  # noqa: F401


class ClosedDates(Container[date]):
    """Holidays: a country's (and optionally a region's) public holidays from the `holidays`
    package, plus the workspace's own dates. Years are expanded lazily as they are asked for."""

    def __init__(self, *, country: str = "", subdivision: str = "", extra: Iterable[date] = ()):
        self.country = country
        self.subdivision = subdivision
        self.extra = frozenset(extra)
        self.public = public_holidays.country_holidays(country, subdiv=subdivision or None) if country else None

    def __contains__(self, day: object) -> bool:
        return day in self.extra or (self.public is not None and day in self.public)

    def name(self, day: date) -> str | None:
        if self.public is not None and day in self.public:
            return self.public.get(day)
        return "Closed" if day in self.extra else None


class TimeScale(Protocol):
    """How a target's time is measured: business time on a calendar, or wall time."""

    def between(self, start: datetime, end: datetime) -> timedelta: ...

    def add(self, start: datetime, amount: timedelta) -> datetime: ...


class WallTime:
    """Wall-clock time: every instant counts (targets that ignore the calendar)."""

    def between(self, start: datetime, end: datetime) -> timedelta:
        return end - start

    def add(self, start: datetime, amount: timedelta) -> datetime:
        if amount < ZERO:
            raise ValueError("Cannot add a negative amount of time.")
        return (start + amount).astimezone(UTC)


WALL_TIME = WallTime()


@dataclass(frozen=True)
class WorkingCalendar:
    """Working windows per weekday (Monday first) in a time zone, and closed dates."""

    timezone: ZoneInfo
    weekly: tuple[tuple[Window, ...], ...]
    closed: Container[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise ValueError("A calendar needs the windows of all seven weekdays (Monday first).")
        object.__setattr__(self, "weekly", tuple(normalize_windows(day) for day in self.weekly))

    def windows_on(self, day: date) -> tuple[Window, ...]:
        return () if day in self.closed else self.weekly[day.weekday()]

    def between(self, start: datetime, end: datetime) -> timedelta:
        return business_time_between(self, start, end)

    def add(self, start: datetime, amount: timedelta) -> datetime:
        return business_time_add(self, start, amount)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("Business-time math needs aware datetimes.")
    return moment.astimezone(UTC)


def _offset(tz: ZoneInfo, epoch_second: int) -> timedelta:
    return datetime.fromtimestamp(epoch_second, tz).utcoffset()


def _offset_segments(tz: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, datetime, timedelta]]:
    """[start, end) cut where the UTC offset changes: (from, to, offset) pieces."""
    lo, hi = int(start.timestamp()), int(end.timestamp())
    samples = list(range(lo, hi, int(OFFSET_SAMPLE.total_seconds()))) + [hi]
    changes = []
    for left, right in zip(samples, samples[1:], strict=False):
        before = _offset(tz, left)
        if _offset(tz, right) == before:
            continue
        # The first second with the new offset (transitions fall on whole seconds).
        while right - left > 1:
            middle = (left + right) // 2
            if _offset(tz, middle) == before:
                left = middle
            else:
                right = middle
        changes.append(right)
    cuts = [lo, *changes, hi]
    return [
        (datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC), _offset(tz, a))
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]


@lru_cache(maxsize=16_384)
def _day_intervals(tz: ZoneInfo, day: date, windows: tuple[Window, ...]) -> tuple[Interval, ...]:
    """The UTC intervals of one local date's windows, sorted.

    Within a stretch of constant UTC offset, local time = UTC + offset, so a window maps to
    one UTC interval; a date crossed by a daylight-saving change is handled piece by piece
    (and the fall-back hour, lived twice, is counted twice)."""
    midnight = datetime.combine(day, time(), tzinfo=UTC)  # the local midnight, read as if UTC
    segments = _offset_segments(tz, midnight - MAX_OFFSET, midnight + timedelta(days=1) + MAX_OFFSET)
    intervals = []
    for window_start, window_end in windows:
        for segment_start, segment_end, offset in segments:
            start = max(midnight + timedelta(seconds=window_start) - offset, segment_start)
            end = min(midnight + timedelta(seconds=window_end) - offset, segment_end)
            if start < end:
                intervals.append((start, end))
    return tuple(sorted(intervals))


def working_intervals(calendar: WorkingCalendar, start: datetime, end: datetime | None = None) -> Iterator[Interval]:
    """Working intervals within [start, end) (end None: forever), in order, clipped.

    Intervals of different local dates never overlap but may interleave around a
    fall-back change at midnight, so each date's intervals go through a heap and leave it
    only once no later date can produce an earlier one."""
    start = _utc(start)
    end = _utc(end) if end is not None else None
    day = start.astimezone(calendar.timezone).date() - timedelta(days=1)
    pending: list[Interval] = []
    idle_days = 0
    while True:
        windows = calendar.windows_on(day)
        if windows:
            for interval in _day_intervals(calendar.timezone, day, windows):
                if interval[1] > start and (end is None or interval[0] < end):
                    heapq.heappush(pending, interval)
        day += timedelta(days=1)
        # Every interval of `day` or later starts after this instant.
        horizon = datetime.combine(day, time(), tzinfo=UTC) - MAX_OFFSET
        emitted = False
        while pending and pending[0][0] < horizon:
            interval_start, interval_end = heapq.heappop(pending)
            clipped_end = interval_end if end is None else min(interval_end, end)
            yield max(interval_start, start), clipped_end
            emitted = True
        if end is not None and horizon >= end and not pending:
            return
        idle_days = 0 if emitted else idle_days + 1
        if end is None and idle_days > MAX_IDLE_DAYS:
            raise NoWorkingTime(f"No working time in the {MAX_IDLE_DAYS} days after {start.isoformat()}.")


def business_time_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """Working time from `start` to `end` (negative when end comes first)."""
    if end < start:
        return -business_time_between(calendar, end, start)
    total = ZERO
    for interval_start, interval_end in working_intervals(calendar, start, end):
        total += interval_end - interval_start
    return total


def business_time_add(calendar: WorkingCalendar, start: datetime, amount: timedelta) -> datetime:
    """The earliest instant by which `amount` of working time has passed since `start`.

    A target that runs out exactly at a window's end is due at that end (17:00), not at
    the next opening. Adding zero returns `start` itself."""
    if amount < ZERO:
        raise ValueError("Cannot add a negative amount of business time.")
    if amount == ZERO:
        return _utc(start)
    remaining = amount
    for interval_start, interval_end in working_intervals(calendar, start):
        length = interval_end - interval_start
        if length >= remaining:
            return interval_start + remaining
        remaining -= length
    raise AssertionError("unreachable: working_intervals(end=None) never ends without raising")


def add_business_seconds(calendar: WorkingCalendar, start: datetime, seconds: float) -> datetime:
    return business_time_add(calendar, start, timedelta(seconds=seconds))


def business_seconds_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> float:
    return business_time_between(calendar, start, end).total_seconds()


# --- Clocks that pause -------------------------------------------------------------------
# A pause is (start, end); end None means paused now. Pauses are sorted and disjoint.
Pause = tuple[datetime, datetime | None]


def clock_elapsed(scale: TimeScale, started_at: datetime, until: datetime, pauses: Sequence[Pause]) -> timedelta:
    """Time counted on a clock started at `started_at`, at `until`: the scale's time
    between them less the scale's time spent paused."""
    if until <= started_at:
        return ZERO
    elapsed = scale.between(started_at, until)
    for pause_start, pause_end in pauses:
        counted_from = max(pause_start, started_at)
        counted_to = until if pause_end is None else min(pause_end, until)
        if counted_from < counted_to:
            elapsed -= scale.between(counted_from, counted_to)
    return elapsed


def clock_deadline(scale: TimeScale, started_at: datetime, amount: timedelta, pauses: Sequence[Pause]) -> datetime | None:
    """When a clock started at `started_at` will have counted `amount`, skipping pauses.

    None when the amount runs out only after a pause that has not ended yet: the deadline
    is not known until the clock resumes. A pause that starts after the deadline changes
    nothing (the deadline had passed)."""
    remaining = amount
    cursor = started_at
    for pause_start, pause_end in pauses:
        if pause_end is not None and pause_end <= cursor:
            continue
        if pause_start > cursor:
            available = scale.between(cursor, pause_start)
            if available >= remaining:
                return scale.add(cursor, remaining)
            remaining -= available
        if pause_end is None:
            return None
        cursor = max(cursor, pause_end)
    return scale.add(cursor, remaining)
