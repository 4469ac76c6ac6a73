import { describe, expect, it } from 'vitest';

import type { CaseSla, SlaClock, SlaUpdatedPayload } from '../../types';
import { formatDuration, mergeSlaUpdate, nextClock, slaCountdown, slaSummaryOf, slaUpdateIsAmbiguous, summaryCountdown } from '../sla';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const at = (secondsFromNow: number) => new Date(NOW + secondsFromNow * 1000).toISOString();

const idle: SlaClock = { status: 'none', business: null, due_at: null, at_risk_at: null, remaining_seconds: null, target_seconds: null };

function running(dueIn: number, overrides: Partial<SlaClock> = {}): SlaClock {
  return {
    status: 'on_track',
    business: false,
    target_seconds: 1800,
    started_at: at(dueIn - 1800),
    due_at: at(dueIn),
    at_risk_at: at(dueIn - 360),
    completed_at: null,
    remaining_seconds: dueIn,
    ...overrides,
  };
}

function sla(overrides: Partial<CaseSla> = {}): CaseSla {
  return { case_id: 1, paused: false, next_due_at: null, first_response: idle, next_response: idle, resolution: idle, ...overrides };
}

describe('slaCountdown', () => {
  it('is null without a running clock (no policy, or every target met)', () => {
    expect(slaCountdown(null, NOW)).toBeNull();
    expect(slaCountdown(sla(), NOW)).toBeNull();
    expect(slaCountdown(sla({ first_response: running(600, { status: 'met', completed_at: at(-60) }) }), NOW)).toBeNull();
  });

  it('counts down to the deadline due first, on track until the at-risk moment', () => {
    const clocks = sla({ first_response: running(725), resolution: running(80_000, { target_seconds: 86_400, at_risk_at: at(62_720) }) });
    expect(nextClock(clocks)?.target).toBe('first_response');
    expect(slaCountdown(clocks, NOW)).toEqual({ target: 'first_response', state: 'ok', seconds: 725, overdue: false });
    // One second later, without any new data: it ticks.
    expect(slaCountdown(clocks, NOW + 1000)?.seconds).toBe(724);
  });

  it('is at risk from the server’s at-risk moment, or under 20 % left on a wall-time target without one', () => {
    const clocks = sla({ first_response: running(300) }); // at_risk_at was 60 s ago
    expect(slaCountdown(clocks, NOW)?.state).toBe('at_risk');
    const noMoment = sla({ first_response: running(400, { at_risk_at: null }) });
    expect(slaCountdown(noMoment, NOW)?.state).toBe('ok'); // 400 s of 1800 s is 22 %
    expect(slaCountdown(noMoment, NOW + 50_000)?.state).toBe('at_risk'); // 350 s: 19 %
    // A business-time target's wall time left says nothing about its share: trust the server only.
    const business = sla({ first_response: running(300, { at_risk_at: null, business: true }) });
    expect(slaCountdown(business, NOW)?.state).toBe('ok');
  });

  it('is breached past the deadline, counting how long it is overdue', () => {
    const clocks = sla({ first_response: running(-720, { status: 'breached' }) });
    expect(slaCountdown(clocks, NOW)).toEqual({ target: 'first_response', state: 'breached', seconds: 720, overdue: true });
    // The deadline passes on the client before the server's sweep says so.
    expect(slaCountdown(sla({ first_response: running(5) }), NOW + 6000)).toMatchObject({ state: 'breached', seconds: 1 });
  });

  it('shows a paused clock as paused with the time it had left (or how late it was)', () => {
    const paused = sla({
      paused: true,
      first_response: running(0, { due_at: null, at_risk_at: null, remaining_seconds: 2_400 }),
      resolution: running(0, { due_at: null, at_risk_at: null, remaining_seconds: 80_000 }),
    });
    expect(slaCountdown(paused, NOW)).toEqual({ target: 'first_response', state: 'paused', seconds: 2_400, overdue: false });
    const late = sla({ paused: true, first_response: running(0, { status: 'breached', due_at: null, remaining_seconds: -90 }) });
    expect(slaCountdown(late, NOW)).toMatchObject({ state: 'paused', seconds: 90, overdue: true });
  });

  it('skips a clock answered late (breached but completed) for the next one running', () => {
    const clocks = sla({
      first_response: running(-3_900, { status: 'breached', completed_at: at(-60), remaining_seconds: -3_900 }),
      resolution: running(80_000, { target_seconds: 86_400, at_risk_at: at(62_720) }),
    });
    expect(slaCountdown(clocks, NOW)).toMatchObject({ target: 'resolution', state: 'ok' });
  });
});

describe('formatDuration', () => {
  it('is short, two units at most, seconds only under ten minutes', () => {
    expect(formatDuration(45, 'en')).toBe('45 sec');
    expect(formatDuration(0, 'en')).toBe('0 sec');
    expect(formatDuration(245, 'en')).toBe('4 min 5 sec');
    expect(formatDuration(720, 'en')).toBe('12 min');
    expect(formatDuration(3_900, 'en')).toBe('1 hr 5 min');
    expect(formatDuration(3_600, 'en')).toBe('1 hr');
    expect(formatDuration(2 * 86_400 + 3 * 3_600 + 59, 'en')).toBe('2 days 3 hr');
  });

  it('speaks Spanish and Polish', () => {
    expect(formatDuration(3_900, 'es')).toBe('1 h 5 min');
    expect(formatDuration(3_900, 'pl')).toBe('1 godz. 5 min');
    expect(formatDuration(45, 'pl')).toBe('45 sek.');
  });
});

describe('sla.updated into the cache', () => {
  const event = (overrides: Partial<SlaUpdatedPayload['clocks']> = {}): SlaUpdatedPayload => ({
    case_id: 1,
    paused: false,
    next_due_at: at(600),
    clocks: {
      first_response: { status: 'on_track', due_at: at(600), at_risk_at: at(240), remaining_seconds: 600, business: false },
      next_response: { status: 'none', due_at: null, at_risk_at: null, remaining_seconds: null, business: false },
      resolution: { status: 'on_track', due_at: at(80_000), at_risk_at: at(60_000), remaining_seconds: 80_000, business: false },
      ...overrides,
    },
  });

  it('builds the clocks from the event alone when none were cached', () => {
    const merged = mergeSlaUpdate(undefined, event());
    expect(slaCountdown(merged, NOW)).toMatchObject({ target: 'first_response', state: 'ok', seconds: 600 });
  });

  it('keeps what the event does not carry (target, completion) within the same cycle, and resets it on a new one', () => {
    const cached = sla({ first_response: running(-100, { status: 'breached', completed_at: at(-10) }) });
    const sameCycle = mergeSlaUpdate(cached, event({ first_response: { ...event().clocks.first_response, status: 'breached', due_at: at(-100) } }));
    expect(sameCycle.first_response.completed_at).toBe(at(-10));
    expect(sameCycle.first_response.target_seconds).toBe(1800);
    const newCycle = mergeSlaUpdate(
      sla({ next_response: running(-100, { status: 'met', completed_at: at(-10) }) }),
      event({ next_response: { status: 'on_track', due_at: at(3_000), at_risk_at: at(2_280), remaining_seconds: 3_000, business: false } }),
    );
    expect(newCycle.next_response.completed_at).toBeNull();
  });

  it('calls an event with a breached clock ambiguous (answered late, or still running?)', () => {
    expect(slaUpdateIsAmbiguous(event())).toBe(false);
    expect(slaUpdateIsAmbiguous(event({ first_response: { ...event().clocks.first_response, status: 'breached' } }))).toBe(true);
  });
});

describe('row clocks (the list API’s SLA summary)', () => {
  it('summarises the clock due first, as the list API does', () => {
    const clocks = sla({ first_response: running(600), resolution: running(7200, { target_seconds: 8 * 3600 }) });
    expect(slaSummaryOf(clocks)).toEqual({
      target: 'first_response',
      state: 'on_track',
      due_at: at(600),
      at_risk_at: at(240),
      remaining_seconds: null,
    });
    expect(slaSummaryOf(sla())).toBeNull();
    expect(slaSummaryOf(null)).toBeNull();
    const paused = slaSummaryOf(sla({ paused: true, first_response: running(600, { due_at: null, remaining_seconds: 900 }) }));
    expect(paused).toMatchObject({ state: 'paused', due_at: null, remaining_seconds: 900 });
  });

  it('ticks on the client: at risk, then breached, from the deadlines alone', () => {
    const summary = { target: 'first_response', state: 'on_track', due_at: at(600), at_risk_at: at(240), remaining_seconds: null } as const;
    expect(summaryCountdown(summary, NOW)).toEqual({ target: 'first_response', state: 'ok', seconds: 600, overdue: false });
    expect(summaryCountdown(summary, NOW + 300_000)).toMatchObject({ state: 'at_risk', seconds: 300 });
    expect(summaryCountdown(summary, NOW + 660_000)).toMatchObject({ state: 'breached', seconds: 60, overdue: true });
    expect(summaryCountdown({ ...summary, state: 'paused', due_at: null, remaining_seconds: -90 }, NOW)).toEqual({
      target: 'first_response',
      state: 'paused',
      seconds: 90,
      overdue: true,
    });
    expect(summaryCountdown(null, NOW)).toBeNull();
  });
});
