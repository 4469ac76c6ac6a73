/**
 * Scroll anchoring for the virtualized case list (rows of one fixed height). When rows are
 * added or removed above the viewport — a new case arrives on top while the agent reads
 * further down — the rows on screen must stay where they are. At the very top nothing is
 * held: the agent watching the head of the list sees new cases appear there.
 *
 * The browser's own scroll anchoring cannot do this: virtual rows are absolutely
 * positioned, so the scroller opts out of it (`overflow-anchor: none`) and uses this instead.
 */
export type RowKey = number | string;

/**
 * The scroll position that keeps the first visible row (or, if it left the list, the first
 * row after it that is still there) at the same place on screen after `before` became
 * `after`; null when nothing needs to move.
 */
export function anchoredScrollTop(
  before: readonly RowKey[],
  after: readonly RowKey[],
  scrollTop: number,
  rowHeight: number,
): number | null {
  if (scrollTop <= 0 || before.length === 0 || after.length === 0) return null;
  const first = Math.min(Math.floor(scrollTop / rowHeight), before.length - 1);
  const position = new Map(after.map((key, index) => [key, index]));
  for (let index = first; index < before.length; index += 1) {
    const now = position.get(before[index]!);
    if (now === undefined) continue;
    // Where that row sat relative to the viewport's top edge, kept as it was.
    const next = Math.max(0, scrollTop + (now - index) * rowHeight);
    return next === scrollTop ? null : next;
  }
  return null;
}

/** Whether two lists of row keys are the same, in the same order. */
export function sameKeys(a: readonly RowKey[], b: readonly RowKey[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}
