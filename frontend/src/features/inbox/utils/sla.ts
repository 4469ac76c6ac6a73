/**
 * SLA countdowns: which clock a case shows, its state at a given instant, and the words.
 *
 * Pure functions of the cached clocks and `now`, so the display ticks every second on the
 * client without asking the server again. The server's deadlines (`due_at`, `at_risk_at`)
 * are wall-clock instants even for business-time targets (the server converts), so the
 * client can compare them with its own clock; only a paused clock falls back to the
 * frozen `remaining_seconds`.
 */
import {
  type CaseSla,
  type CaseSlaSummary,
  type ClockStatus,
  SLA_TARGETS,
  type SlaAlertPayload,
  type SlaClock,
  type SlaTarget,
  type SlaUpdatedPayload,
} from '../types';

export type SlaState = 'ok' | 'at_risk' | 'breached' | 'paused';

export interface SlaCountdown {
  target: SlaTarget;
  state: SlaState;
  /** Whole seconds: left before the deadline, or past it when `overdue`. */
  seconds: number;
  overdue: boolean;
}

/** The share of the target left below which a clock is at risk, when the server gave no `at_risk_at`. */
export const AT_RISK_SHARE = 0.2;

const RUNNING: readonly ClockStatus[] = ['on_track', 'at_risk', 'breached'];

/** A clock still counting (or paused) towards its deadline: started, not answered, not stopped. */
export function isRunning(clock: SlaClock | undefined): clock is SlaClock {
  return !!clock && RUNNING.includes(clock.status) && !clock.completed_at;
}

/** The clock a case shows: the running one due first (while paused, the one with least time left). */
export function nextClock(sla: CaseSla): { target: SlaTarget; clock: SlaClock } | null {
  let best: { target: SlaTarget; clock: SlaClock; key: number } | null = null;
  for (const target of SLA_TARGETS) {
    const clock = sla[target];
    if (!isRunning(clock)) continue;
    const key =
      clock.due_at !== null && !sla.paused
        ? Date.parse(clock.due_at)
        : (clock.remaining_seconds ?? Number.POSITIVE_INFINITY);
    if (best === null || key < best.key) best = { target, clock, key };
  }
  return best && { target: best.target, clock: best.clock };
}

/** What the countdown shows at `now` (ms since the epoch); null when no clock is running. */
export function slaCountdown(sla: CaseSla | null | undefined, now: number): SlaCountdown | null {
  if (!sla) return null;
  const next = nextClock(sla);
  if (!next) return null;
  const { target, clock } = next;

  if (sla.paused || clock.due_at === null) {
    const left = clock.remaining_seconds ?? 0;
    return { target, state: 'paused', seconds: Math.abs(left), overdue: left < 0 };
  }

  const leftMs = Date.parse(clock.due_at) - now;
  if (leftMs <= 0 || clock.status === 'breached') {
    return { target, state: 'breached', seconds: Math.max(0, Math.floor(-leftMs / 1000)), overdue: true };
  }
  const seconds = Math.ceil(leftMs / 1000);
  return { target, state: isAtRisk(clock, now, seconds) ? 'at_risk' : 'ok', seconds, overdue: false };
}

/**
 * What a row's countdown shows at `now`, from the clock the list API sent with the row. The
 * same rules as {@link slaCountdown}: the deadline passes on the client, at risk from `at_risk_at`.
 */
export function summaryCountdown(summary: CaseSlaSummary | null | undefined, now: number): SlaCountdown | null {
  if (!summary) return null;
  const { target } = summary;
  if (summary.state === 'paused' || summary.due_at === null) {
    const left = summary.remaining_seconds ?? 0;
    return { target, state: 'paused', seconds: Math.abs(left), overdue: left < 0 };
  }
  const leftMs = Date.parse(summary.due_at) - now;
  if (leftMs <= 0 || summary.state === 'breached') {
    return { target, state: 'breached', seconds: Math.max(0, Math.floor(-leftMs / 1000)), overdue: true };
  }
  const atRisk = summary.state === 'at_risk' || (summary.at_risk_at !== null && now >= Date.parse(summary.at_risk_at));
  return { target, state: atRisk ? 'at_risk' : 'ok', seconds: Math.ceil(leftMs / 1000), overdue: false };
}

/** A row's clock from a case's full clocks (after an `sla.updated` event, or the SLA API). */
export function slaSummaryOf(sla: CaseSla | null | undefined): CaseSlaSummary | null {
  if (!sla) return null;
  const next = nextClock(sla);
  if (!next) return null;
  const { target, clock } = next;
  const paused = sla.paused || clock.due_at === null;
  const state = paused ? 'paused' : clock.status === 'breached' ? 'breached' : clock.status === 'at_risk' ? 'at_risk' : 'on_track';
  return {
    target,
    state,
    due_at: paused ? null : clock.due_at,
    at_risk_at: clock.at_risk_at,
    remaining_seconds: paused ? clock.remaining_seconds : null,
  };
}

function isAtRisk(clock: SlaClock, now: number, secondsLeft: number): boolean {
  if (clock.status === 'at_risk') return true;
  if (clock.at_risk_at) return now >= Date.parse(clock.at_risk_at);
  // Wall-time targets only: a business target's wall time left is not its business time left.
  if (clock.target_seconds && clock.business === false) return secondsLeft < clock.target_seconds * AT_RISK_SHARE;
  return false;
}

type Unit = 'day' | 'hour' | 'minute' | 'second';

function formatUnit(unit: Unit, amount: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(amount);
}

/**
 * A duration, short and in the person's language: "2 days 3 hr", "1 hr 5 min", "12 min",
 * "4 min 5 sec", "45 sec" ("1 godz. 5 min", "2 d 3 h", …). The largest unit and the next
 * one when it is not zero; seconds only under ten minutes, where they are worth watching tick.
 */
export function formatDuration(totalSeconds: number, language: string): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const withSeconds = seconds < 600;
  const amounts: [Unit, number][] = [
    ['day', Math.floor(seconds / 86_400)],
    ['hour', Math.floor((seconds % 86_400) / 3_600)],
    ['minute', Math.floor((seconds % 3_600) / 60)],
    ...(withSeconds ? ([['second', seconds % 60]] as [Unit, number][]) : []),
  ];
  const first = amounts.findIndex(([, amount]) => amount > 0);
  if (first === -1) return formatUnit('second', 0, language);
  const parts = [amounts[first]!];
  const next = amounts[first + 1];
  if (next && next[1] > 0) parts.push(next);
  return parts.map(([unit, amount]) => formatUnit(unit, amount, language)).join(' ');
}

// --- Realtime → cached clocks ------------------------------------------------------------------

/**
 * The cached clocks after an `sla.updated` event. The event carries no `completed_at`, so a
 * clock keeps the one it had while its deadline is unchanged, and a new deadline (a new
 * cycle) starts unanswered.
 */
export function mergeSlaUpdate(current: CaseSla | undefined, event: SlaUpdatedPayload): CaseSla {
  const clock = (target: SlaTarget): SlaClock => {
    const before = current?.[target];
    const incoming = event.clocks[target];
    const sameCycle = before !== undefined && (before.due_at === incoming.due_at || incoming.due_at === null);
    return { ...before, ...incoming, completed_at: sameCycle ? (before?.completed_at ?? null) : null };
  };
  return {
    ...current,
    case_id: event.case_id,
    paused: event.paused,
    next_due_at: event.next_due_at,
    first_response: clock('first_response'),
    next_response: clock('next_response'),
    resolution: clock('resolution'),
  };
}

/**
 * Whether the event leaves a clock we cannot read without the full API answer: a breached
 * clock may be answered (late) or still running, and only `completed_at` tells which.
 */
export function slaUpdateIsAmbiguous(event: SlaUpdatedPayload): boolean {
  return SLA_TARGETS.some((target) => event.clocks[target].status === 'breached');
}

/** The cached clocks after an `sla.at_risk` / `sla.breached` alert from the sweep. */
export function applySlaAlert(current: CaseSla, alert: SlaAlertPayload, status: 'at_risk' | 'breached'): CaseSla {
  const clock = current[alert.target];
  if (!isRunning(clock)) return current;
  return { ...current, [alert.target]: { ...clock, status } };
}
