import { ApiError } from '@/lib/api-client';

/**
 * The API's words for a field (`extra.fields[field]`), or undefined. A conflict (409, e.g. a
 * name already taken) says it best in its message ("A team named 'Social' already exists.").
 */
export function fieldError(error: unknown, ...fields: string[]): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = fields.flatMap((field) => error.fields[field] ?? []);
  if (!messages.length) return undefined;
  return error.status === 409 ? error.message : messages.join(' ');
}

/** True when no field of `shown` carries the error's words: the form then shows it in an alert. */
export function hasUnshownError(error: unknown, shown: readonly string[]): boolean {
  if (!error) return false;
  return !shown.some((field) => fieldError(error, field) !== undefined);
}

/** Seconds as whole days, hours and minutes (the SLA screens show targets so). */
export function splitMinutes(seconds: number): { days: number; hours: number; minutes: number } {
  const total = Math.round(seconds / 60);
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 };
}
