/**
 * Snooze presets. "Later today", "tomorrow at 9:00" and "next Monday at 9:00" are moments of
 * the workspace's business day, so they are computed in the workspace's time zone (an agent
 * working from Warsaw for a Madrid team snoozes to 9:00 in Madrid), and shown to the agent in
 * their own time. Without a workspace zone, the browser's is used.
 */
export type SnoozePreset = 'oneHour' | 'laterToday' | 'tomorrow' | 'nextWeek';
export const SNOOZE_PRESETS: readonly SnoozePreset[] = ['oneHour', 'laterToday', 'tomorrow', 'nextWeek'];

const WORKDAY_START_HOUR = 9;
/** "Later today" wakes the case at the end of the working afternoon… */
export const LATER_TODAY_HOUR = 18;
/** …and is offered only while that is at least an hour away. */
const LATER_TODAY_MIN_AHEAD_MS = 3_600_000;

/** The browser's time zone. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

interface ZonedParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time at `date` in `timeZone`. */
export function zonedParts(date: Date, timeZone: string): ZonedParts & { second: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/** How far `timeZone` is ahead of UTC at `date`, in ms. */
function offsetAt(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/**
 * The instant the wall clock in `timeZone` shows this date and time. Day and month may
 * overflow (day 32 is the 1st of the next month). In a spring-forward gap the time moves
 * forward by the gap, as clocks do.
 */
export function zonedTime(timeZone: string, year: number, month: number, day: number, hour: number, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes: the offset at the first guess may differ across a DST change.
  let instant = wall - offsetAt(new Date(wall), timeZone);
  instant = wall - offsetAt(new Date(instant), timeZone);
  return new Date(instant);
}

/** When a preset wakes the case, seen from `now`, in the workspace's `timeZone`; null when it does not apply now. */
export function snoozeUntil(preset: SnoozePreset, now: Date = new Date(), timeZone: string = localTimeZone()): Date | null {
  if (preset === 'oneHour') return new Date(now.getTime() + 3_600_000);
  const today = zonedParts(now, timeZone);
  switch (preset) {
    case 'laterToday': {
      const until = zonedTime(timeZone, today.year, today.month, today.day, LATER_TODAY_HOUR);
      return until.getTime() - now.getTime() >= LATER_TODAY_MIN_AHEAD_MS ? until : null;
    }
    case 'tomorrow':
      return zonedTime(timeZone, today.year, today.month, today.day + 1, WORKDAY_START_HOUR);
    case 'nextWeek': {
      // Next Monday at 9:00 (a Monday snoozes to the Monday after).
      const daysToMonday = (8 - today.weekday) % 7 || 7;
      return zonedTime(timeZone, today.year, today.month, today.day + daysToMonday, WORKDAY_START_HOUR);
    }
  }
}

/** Whether `timeZone` shows another wall-clock time than the browser at `now`. */
export function differsFromLocal(timeZone: string, now: Date = new Date()): boolean {
  return offsetAt(now, timeZone) !== offsetAt(now, localTimeZone());
}

/** A `datetime-local` input's value for `date` (local time, minutes). */
export function toDateTimeLocal(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value as a Date in local time; null when empty or malformed. */
export function fromDateTimeLocal(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Sat 09:00": weekday and time in the agent's own zone, or the date and time when it is more than a week away. */
export function snoozeLabel(date: Date, language: string, now: Date = new Date(), timeZone?: string): string {
  const withinWeek = date.getTime() - now.getTime() < 6.5 * 86_400_000;
  return new Intl.DateTimeFormat(language, {
    ...(withinWeek ? { weekday: 'short' } : { day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(date);
}
