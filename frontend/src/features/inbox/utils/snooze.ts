/** Snooze presets, in the agent's own time zone (the browser's). */
export type SnoozePreset = 'oneHour' | 'tomorrow' | 'nextWeek';
export const SNOOZE_PRESETS: readonly SnoozePreset[] = ['oneHour', 'tomorrow', 'nextWeek'];

const WORKDAY_START_HOUR = 9;

/** When a preset wakes the case, seen from `now`. */
export function snoozeUntil(preset: SnoozePreset, now: Date = new Date()): Date {
  switch (preset) {
    case 'oneHour':
      return new Date(now.getTime() + 3_600_000);
    case 'tomorrow':
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, WORKDAY_START_HOUR);
    case 'nextWeek': {
      // Next Monday at 9:00 (a Monday snoozes to the Monday after).
      const daysToMonday = (8 - now.getDay()) % 7 || 7;
      return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, WORKDAY_START_HOUR);
    }
  }
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

/** "Sat 09:00": weekday and time, or the date and time when it is more than a week away. */
export function snoozeLabel(date: Date, language: string, now: Date = new Date()): string {
  const withinWeek = date.getTime() - now.getTime() < 6.5 * 86_400_000;
  return new Intl.DateTimeFormat(language, {
    ...(withinWeek ? { weekday: 'short' } : { day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
