import { describe, expect, it } from 'vitest';

import { anchoredScrollTop, sameKeys } from '../scroll-anchor';

const ROW = 86;

describe('scroll anchoring', () => {
  it('keeps the first visible row in place when cases arrive above it', () => {
    // Looking at row 10 (id 10), 20 px into it; two cases arrive on top.
    const before = Array.from({ length: 30 }, (_, i) => i);
    const after = [101, 102, ...before];
    expect(anchoredScrollTop(before, after, 10 * ROW + 20, ROW)).toBe(12 * ROW + 20);
  });

  it('leaves the list at the top alone: new cases appear there', () => {
    expect(anchoredScrollTop([1, 2, 3], [9, 1, 2, 3], 0, ROW)).toBeNull();
  });

  it('moves up when a case above leaves, and nothing moves for changes below', () => {
    const before = [1, 2, 3, 4, 5, 6];
    expect(anchoredScrollTop(before, [2, 3, 4, 5, 6], 3 * ROW, ROW)).toBe(2 * ROW);
    expect(anchoredScrollTop(before, [1, 2, 3, 4, 6, 7], 2 * ROW, ROW)).toBeNull();
  });

  it('holds the next row still there when the first visible one left the list', () => {
    // Row 3 (on top of the viewport) is resolved and two cases arrive at the head: row 4 holds.
    expect(anchoredScrollTop([1, 2, 3, 4, 5], [9, 8, 1, 2, 4, 5], 2 * ROW + 40, ROW)).toBe(3 * ROW + 40);
  });

  it('compares key lists by content', () => {
    expect(sameKeys([1, 2], [1, 2])).toBe(true);
    expect(sameKeys([1, 2], [2, 1])).toBe(false);
  });
});
