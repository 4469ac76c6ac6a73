import { describe, expect, it } from 'vitest';

import { isBoardEvent } from '../../hooks/use-board-realtime';
import type { BoardAgent, BoardTeam } from '../../types';
import {
  agentLoad,
  createThrottle,
  formatWait,
  sortAgents,
  sortTeams,
  timeAgo,
  waitingSeconds,
  waitLevel,
} from '../board';

describe('waitingSeconds', () => {
  it('measures the wait on the server clock, plus the time since the answer arrived', () => {
    const generatedAt = '2026-11-22T17:30:00Z';
    const since = '2026-11-22T17:07:00Z'; // 23 min before the server counted
    // The browser's clock is 10 minutes ahead of the server's: it does not matter.
    const receivedAt = Date.parse('2026-11-22T17:40:00Z');
    expect(waitingSeconds(since, { generatedAt, receivedAt, now: receivedAt })).toBe(23 * 60);
    expect(waitingSeconds(since, { generatedAt, receivedAt, now: receivedAt + 90_000 })).toBe(23 * 60 + 90);
  });

  it('never goes below zero', () => {
    const generatedAt = '2026-11-22T17:30:00Z';
    expect(waitingSeconds('2026-11-22T17:31:00Z', { generatedAt, receivedAt: 0, now: 0 })).toBe(0);
  });
});

describe('formatWait', () => {
  it('says nothing under a minute, then whole minutes, then the two largest units', () => {
    expect(formatWait(59, 'en')).toBeNull();
    expect(formatWait(60, 'en')).toBe('1 min');
    expect(formatWait(23 * 60 + 59, 'en')).toBe('23 min');
    expect(formatWait(65 * 60, 'en')).toBe('1 hr 5 min');
    expect(formatWait(2 * 3600, 'en')).toBe('2 hr');
    expect(formatWait(2 * 86_400 + 3 * 3600 + 20 * 60, 'en')).toBe('2 days 3 hr');
  });

  it('in Spanish and Polish', () => {
    expect(formatWait(65 * 60, 'es')).toBe('1 h 5 min');
    expect(formatWait(65 * 60, 'pl')).toBe('1 godz. 5 min');
  });

  it('colours waits from a quarter of an hour, and red from an hour', () => {
    expect(waitLevel(14 * 60)).toBe('ok');
    expect(waitLevel(15 * 60)).toBe('long');
    expect(waitLevel(60 * 60)).toBe('too_long');
  });
});

describe('agentLoad', () => {
  it('turns orange from 80 % of capacity and red at capacity', () => {
    expect(agentLoad({ open_assigned: 7, capacity: 10 })).toEqual({ level: 'ok', percent: 70 });
    expect(agentLoad({ open_assigned: 8, capacity: 10 })).toEqual({ level: 'high', percent: 80 });
    expect(agentLoad({ open_assigned: 10, capacity: 10 })).toEqual({ level: 'full', percent: 100 });
  });

  it('caps the bar at 100 % when over capacity, and has no level without a capacity', () => {
    expect(agentLoad({ open_assigned: 14, capacity: 10 })).toEqual({ level: 'full', percent: 100 });
    expect(agentLoad({ open_assigned: 3, capacity: null })).toEqual({ level: 'none', percent: 0 });
    expect(agentLoad({ open_assigned: 0, capacity: 0 })).toEqual({ level: 'full', percent: 100 });
  });
});

describe('ordering', () => {
  const agent = (id: number, status: BoardAgent['status']): BoardAgent => ({
    membership_id: id,
    name: `Agent ${id}`,
    email: `a${id}@dialogo.test`,
    role: 'agent',
    status,
    open_assigned: 0,
    capacity: null,
    viewing_case_ids: [],
  });

  it('lists online agents first, then away, then offline, keeping the server order within each', () => {
    const sorted = sortAgents([agent(1, 'offline'), agent(2, 'online'), agent(3, 'away'), agent(4, 'online')]);
    expect(sorted.map((a) => a.membership_id)).toEqual([2, 4, 3, 1]);
  });

  it('puts the no-team row last', () => {
    const team = (id: number | null): BoardTeam => ({
      id,
      name: id === null ? '' : `Team ${id}`,
      open: 1,
      unassigned: 0,
      waiting: 0,
      oldest_waiting_since: null,
      at_risk: 0,
      breached: 0,
    });
    expect(sortTeams([team(null), team(2), team(1)]).map((t) => t.id)).toEqual([2, 1, null]);
  });
});

describe('createThrottle', () => {
  function fakeClock() {
    let now = 0;
    let timers: { at: number; run: () => void; id: number }[] = [];
    let nextId = 1;
    return {
      now: () => now,
      setTimer: (run: () => void, ms: number) => {
        const id = nextId++;
        timers.push({ at: now + ms, run, id });
        return id;
      },
      clearTimer: (id: unknown) => {
        timers = timers.filter((timer) => timer.id !== id);
      },
      advance(ms: number) {
        now += ms;
        const due = timers.filter((timer) => timer.at <= now);
        timers = timers.filter((timer) => timer.at > now);
        for (const timer of due) timer.run();
      },
    };
  }

  it('runs the first call at once and a burst once more at the end of the interval', () => {
    const clock = fakeClock();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 3_000, clock);
    throttle.call();
    expect(runs).toBe(1);
    for (let i = 0; i < 10; i += 1) {
      clock.advance(100);
      throttle.call();
    }
    expect(runs).toBe(1);
    clock.advance(1_999);
    expect(runs).toBe(1);
    clock.advance(1);
    expect(runs).toBe(2);
    // Quiet for longer than the interval: the next event runs at once again.
    clock.advance(5_000);
    throttle.call();
    expect(runs).toBe(3);
  });

  it('forgets a pending run when cancelled', () => {
    const clock = fakeClock();
    let runs = 0;
    const throttle = createThrottle(() => (runs += 1), 3_000, clock);
    throttle.call();
    throttle.call();
    throttle.cancel();
    clock.advance(10_000);
    expect(runs).toBe(1);
  });
});

describe('isBoardEvent', () => {
  it('takes case, presence and every SLA event, and nothing else', () => {
    for (const type of ['case.created', 'case.updated', 'presence.updated', 'sla.updated', 'sla.at_risk', 'sla.breached']) {
      expect(isBoardEvent(type)).toBe(true);
    }
    for (const type of ['message.created', 'case.timeline', 'case.viewers', 'presence.heartbeat', 'hello']) {
      expect(isBoardEvent(type)).toBe(false);
    }
  });
});

describe('timeAgo', () => {
  it('in seconds, then minutes, then hours', () => {
    expect(timeAgo(0, 'en')).toBe('now');
    expect(timeAgo(12.7, 'en')).toMatch(/^12 sec\.? ago$/);
    expect(timeAgo(190, 'en')).toMatch(/^3 min\.? ago$/);
    expect(timeAgo(7_300, 'en')).toMatch(/^2 hr\.? ago$/);
    expect(timeAgo(12, 'es')).toMatch(/^hace 12 s/);
  });
});
