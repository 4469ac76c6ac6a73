/**
 * What a reply's delivery status and a customer's edits, withdrawals and reactions mean for the
 * timeline. Pure functions: the realtime hook and the cache helpers call them.
 */
import { DELIVERY_STATUSES, type DeliveryStatus, type Message, type MessageUpdatedPayload } from '../types';

const STATUS_RANK: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3 };

/**
 * Whether `next` may replace `current`. Receipts arrive at least once and not always in order
 * (a read receipt can overtake the delivery receipt, a websocket event can overtake the POST
 * answer), so a status only moves forwards, and "failed" only ends a reply not yet delivered.
 */
export function statusMayAdvance(current: string | undefined, next: string | undefined): boolean {
  if (!next || next === current) return false;
  if (current === undefined || current === '') return true;
  if (next === 'failed') return current === 'queued' || current === 'sent';
  const from = STATUS_RANK[current];
  const to = STATUS_RANK[next];
  if (to === undefined) return false;
  return from === undefined ? current !== 'failed' : to > from;
}

/** `message` with what a `message.updated` event says changed (status only forwards). */
export function mergeMessageUpdate(message: Message, update: MessageUpdatedPayload): Message {
  const merged: Message = { ...message };
  if (statusMayAdvance(message.status, update.status)) {
    merged.status = update.status;
    if (update.status === 'failed') {
      merged.error_code = update.error_code ?? '';
      merged.error_message = update.error_message ?? '';
    }
  }
  if (update.text !== undefined) merged.text = update.text;
  if (update.edited_at !== undefined) merged.edited_at = update.edited_at;
  if (update.deleted_at !== undefined) merged.deleted_at = update.deleted_at;
  if (update.reaction !== undefined) merged.reaction = update.reaction;
  return merged;
}

/** The delivery problems the agent gets an explanation and a next step for. */
export const DELIVERY_PROBLEMS = [
  'window_closed',
  'template_required',
  'recipient_blocked',
  'credentials_rejected',
  'rate_limited',
  'platform_error',
] as const;
export type DeliveryProblem = (typeof DELIVERY_PROBLEMS)[number];

/** An error code from the server (`platform:131047`, `TimeoutError`, …) as one of the problems we explain. */
export function deliveryProblem(errorCode: string | undefined): DeliveryProblem {
  return (DELIVERY_PROBLEMS as readonly string[]).includes(errorCode ?? '')
    ? (errorCode as DeliveryProblem)
    : 'platform_error';
}

/** The reply indicator to show: only public agent replies have one. */
export function deliveryIndicator(message: Message): DeliveryStatus | null {
  if (message.direction !== 'out' || message.kind !== 'public') return null;
  const status = DELIVERY_STATUSES.find((candidate) => candidate === message.status);
  return status ?? null;
}
