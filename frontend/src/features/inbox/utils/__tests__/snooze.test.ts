import { describe, expect, it } from 'vitest';

import { fromDateTimeLocal, snoozeUntil, toDateTimeLocal } from '../snooze';

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

  it('reads and writes the custom picker’s local date-time', () => {
    expect(toDateTimeLocal(wednesday)).toBe('2025-11-19T16:20');
    expect(fromDateTimeLocal('2025-11-19T16:20')).toEqual(wednesday);
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('tomorrow')).toBeNull();
  });
});
