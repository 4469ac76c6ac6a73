/**
 * The board's logic as pure functions of the server's answer and the clock, so the display
 * ticks between refetches without asking the server, and tests need no timers.
 */
import type { BoardAgent, BoardTeam, PresenceStatus } from '../types';

// --- Waiting times -----------------------------------------------------------------------------

/**
 * How long a case has waited at `now`, from the server's own clock: the server says how long it
 * had waited when it counted (`generated_at − since`), and we add how long ago we received that.
 * A browser clock that is minutes off therefore never shows a wrong wait.
 */
export function waitingSeconds(
  since: string,
  { generatedAt, receivedAt, now }: { generatedAt: string; receivedAt: number; now: number },
): number {
  const atGeneration = Date.parse(generatedAt) - Date.parse(since);
  const sinceReceived = now - receivedAt;
  return Math.max(0, Math.floor((atGeneration + sinceReceived) / 1000));
}

type Unit = 'day' | 'hour' | 'minute';

function formatUnit(unit: Unit, amount: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(amount);
}

/**
 * A wait in whole minutes, short and in the person's language: "23 min", "1 hr 5 min",
 * "2 days 3 hr" ("1 godz. 5 min"); `null` under a minute (the UI says "just now").
 */
export function formatWait(totalSeconds: number, language: string): string | null {
  const minutes = Math.floor(Math.max(0, totalSeconds) / 60);
  if (minutes < 1) return null;
  const amounts: [Unit, number][] = [
    ['day', Math.floor(minutes / 1_440)],
    ['hour', Math.floor((minutes % 1_440) / 60)],
    ['minute', minutes % 60],
  ];
  const first = amounts.findIndex(([, amount]) => amount > 0);
  const parts = [amounts[first]!];
  const next = amounts[first + 1];
  if (next && next[1] > 0) parts.push(next);
  return parts.map(([unit, amount]) => formatUnit(unit, amount, language)).join(' ');
}

/** How urgent a wait looks: a quarter of an hour is long for a chat, an hour is too long. */
export type WaitLevel = 'ok' | 'long' | 'too_long';
export const LONG_WAIT_SECONDS = 15 * 60;
export const TOO_LONG_WAIT_SECONDS = 60 * 60;

export function waitLevel(seconds: number): WaitLevel {
  if (seconds >= TOO_LONG_WAIT_SECONDS) return 'too_long';
  if (seconds >= LONG_WAIT_SECONDS) return 'long';
  return 'ok';
}

// --- Agents' load ------------------------------------------------------------------------------

/** `none`: no capacity set; `high` from 80 % of capacity; `full` at (or over) capacity. */
export type LoadLevel = 'none' | 'ok' | 'high' | 'full';
export const HIGH_LOAD_SHARE = 0.8;

export function agentLoad(agent: Pick<BoardAgent, 'open_assigned' | 'capacity'>): { level: LoadLevel; percent: number } {
  const { open_assigned: open, capacity } = agent;
  if (capacity === null) return { level: 'none', percent: 0 };
  if (capacity <= 0) return { level: 'full', percent: 100 };
  const share = open / capacity;
  const percent = Math.min(100, Math.round(share * 100));
  if (share >= 1) return { level: 'full', percent };
  if (share >= HIGH_LOAD_SHARE) return { level: 'high', percent };
  return { level: 'ok', percent };
}

const STATUS_ORDER: Record<PresenceStatus, number> = { online: 0, away: 1, offline: 2 };

/** Online first, then away, then offline; the server's order within each (a stable sort). */
export function sortAgents(agents: readonly BoardAgent[]): BoardAgent[] {
  return [...agents].sort((a, b) => (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3));
}

/** The teams in the server's order, with the "no team" row last. */
export function sortTeams(teams: readonly BoardTeam[]): BoardTeam[] {
  return [...teams].sort((a, b) => Number(a.id === null) - Number(b.id === null));
}

// --- Refetch pacing ----------------------------------------------------------------------------

export interface Throttle {
  /** Run now if the last run was at least `intervalMs` ago, otherwise once when it has been. */
  call(): void;
  cancel(): void;
}

/**
 * At most one run per `intervalMs`, leading and trailing: the first event of a burst refetches at
 * once, the rest of the burst collapses into one refetch when the interval ends.
 */
export function createThrottle(
  run: () => void,
  intervalMs: number,
  clock: { now: () => number; setTimer: (callback: () => void, ms: number) => unknown; clearTimer: (handle: unknown) => void } = {
    now: () => Date.now(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): Throttle {
  let lastRun = -Infinity;
  let pending: unknown = null;
  const fire = () => {
    pending = null;
    lastRun = clock.now();
    run();
  };
  return {
    call() {
      if (pending !== null) return;
      const wait = lastRun + intervalMs - clock.now();
      if (wait <= 0) fire();
      else pending = clock.setTimer(fire, wait);
    },
    cancel() {
      if (pending !== null) clock.clearTimer(pending);
      pending = null;
    },
  };
}

// --- Freshness ---------------------------------------------------------------------------------

/** "now", "12 sec. ago", "3 min ago", "hace 12 s", "12 s temu": how old the figures are. */
export function timeAgo(seconds: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  const elapsed = Math.max(0, Math.floor(seconds));
  if (elapsed < 60) return format.format(-elapsed, 'second');
  if (elapsed < 3_600) return format.format(-Math.floor(elapsed / 60), 'minute');
  return format.format(-Math.floor(elapsed / 3_600), 'hour');
}

/** Three missed refetches: the figures on screen may no longer be true. */
export const STALE_AFTER_SECONDS = 45;
