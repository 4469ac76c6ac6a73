import type { InboundEventStatus } from '../types';

export const STATUS_COLORS: Record<InboundEventStatus, { color: string; variant: 'light' | 'filled' | 'outline' }> = {
  pending: { color: 'blue', variant: 'light' },
  processed: { color: 'teal', variant: 'light' },
  ignored: { color: 'gray', variant: 'light' },
  rejected: { color: 'orange', variant: 'light' },
  malformed: { color: 'grape', variant: 'light' },
  failed: { color: 'red', variant: 'light' },
  dead: { color: 'red', variant: 'filled' },
};

/** The API replays these; rejected and malformed requests never proved where they came from. */
export function isReprocessable(status: InboundEventStatus): boolean {
  return status === 'dead' || status === 'failed' || status === 'ignored' || status === 'processed';
}

/** A body for reading: JSON pretty-printed, anything else as received. */
export function readableBody(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

/** `{"message": 2, "receipt": 1}` → "message × 2, receipt × 1"; nested values as JSON. */
export function outcomeSummary(outcome: Record<string, unknown>): string {
  return Object.entries(outcome)
    .map(([what, value]) =>
      typeof value === 'number' ? `${what} × ${value}` : `${what}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    )
    .join(', ');
}
