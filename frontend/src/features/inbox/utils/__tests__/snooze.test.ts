import { describe, expect, it } from 'vitest';

import { differsFromLocal, fromDateTimeLocal, localTimeZone, snoozeLabel, snoozeUntil, toDateTimeLocal, zonedTime } from '../snooze';

describe('snooze presets', () => {
  // Wednesday 19 November 2025, 16:20 local time.
  const wednesday = new Date(2025, 10, 19, 16, 20);

  it('wakes in an hour, tomorrow at 9:00, or next Monday at 9:00', () => {
    expect(snoozeUntil('oneHour', wednesday)).toEqual(new Date(2025, 10, 19, 17, 20));
    expect(snoozeUntil('tomorrow', wednesday)).toEqual(new Date(2025, 10, 20, 9, 0));
    expect(snoozeUntil('nextWeek', wednesday)).toEqual(new Date(2025, 10, 24, 9, 0));
  });

  it('snoozes a Monday to the Monday after, and crosses month ends', () => {
    expect(snoozeUntil('nextWeek', new Date(2025, 10, 24, 8, 0))).toEqual(new Date(2025, 11, 1, 9, 0));
    expect(snoozeUntil('tomorrow', new Date(2025, 11, 31, 23, 0))).toEqual(new Date(2026, 0, 1, 9, 0));
  });

  it('offers later today (18:00) only while it is at least an hour away', () => {
    expect(snoozeUntil('laterToday', wednesday)).toEqual(new Date(2025, 10, 19, 18, 0));
    expect(snoozeUntil('laterToday', new Date(2025, 10, 19, 17, 1))).toBeNull();
  });

  it('reads and writes the custom picker’s local date-time', () => {
    expect(toDateTimeLocal(wednesday)).toBe('2025-11-19T16:20');
    expect(fromDateTimeLocal('2025-11-19T16:20')).toEqual(wednesday);
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('tomorrow')).toBeNull();
  });
});

describe('snooze presets in the workspace’s time zone', () => {
  // The browser's zone is whatever the test runner has; the workspace is elsewhere on purpose.
  const far = localTimeZone() === 'Asia/Tokyo' ? 'America/Los_Angeles' : 'Asia/Tokyo';
  const utc = (iso: string) => new Date(iso);

  it('computes the day’s moments in the workspace’s zone, not the browser’s', () => {
    // Wednesday 19 Nov 2025, 22:30 UTC: already Thursday 07:30 in Tokyo.
    const now = utc('2025-11-19T22:30:00Z');
    expect(snoozeUntil('laterToday', now, 'Asia/Tokyo')).toEqual(utc('2025-11-20T09:00:00Z')); // Thu 18:00 JST
    expect(snoozeUntil('tomorrow', now, 'Asia/Tokyo')).toEqual(utc('2025-11-21T00:00:00Z')); // Fri 09:00 JST
    expect(snoozeUntil('nextWeek', now, 'Asia/Tokyo')).toEqual(utc('2025-11-24T00:00:00Z')); // Mon 09:00 JST
    expect(snoozeUntil('oneHour', now, 'Asia/Tokyo')).toEqual(utc('2025-11-19T23:30:00Z'));
    // The same moment for a workspace in Madrid: still Wednesday there.
    expect(snoozeUntil('tomorrow', now, 'Europe/Madrid')).toEqual(utc('2025-11-20T08:00:00Z')); // Thu 09:00 CET
    expect(snoozeUntil('laterToday', now, 'Europe/Madrid')).toBeNull(); // 23:30 there
  });

  it('keeps 9:00 across a daylight-saving change', () => {
    // Saturday 7 March 2026, 15:00 in New York (EST); clocks go forward on Sunday.
    const now = utc('2026-03-07T20:00:00Z');
    expect(snoozeUntil('tomorrow', now, 'America/New_York')).toEqual(utc('2026-03-08T13:00:00Z')); // Sun 09:00 EDT
    expect(snoozeUntil('nextWeek', now, 'America/New_York')).toEqual(utc('2026-03-09T13:00:00Z')); // Mon 09:00 EDT
    expect(zonedTime('Europe/Madrid', 2026, 10, 25, 9)).toEqual(utc('2026-10-25T08:00:00Z')); // back to CET that night
  });

  it('shows the moment in the agent’s own time, and says when the zones differ', () => {
    const until = snoozeUntil('tomorrow', utc('2025-11-19T22:30:00Z'), far)!;
    const local = new Intl.DateTimeFormat('en', { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(until);
    expect(snoozeLabel(until, 'en', utc('2025-11-19T22:30:00Z'))).toBe(local);
    expect(snoozeLabel(until, 'en', utc('2025-11-19T22:30:00Z'), far)).toMatch(/09:00/);
    expect(differsFromLocal(far, utc('2025-11-19T22:30:00Z'))).toBe(true);
    expect(differsFromLocal(localTimeZone())).toBe(false);
  });
});
