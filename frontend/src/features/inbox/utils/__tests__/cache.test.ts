import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { caseQueryKey } from '../../api/get-case';
import { casesQueryKey, type CasesData } from '../../api/get-cases';
import type { CaseDetail, CaseRow } from '../../types';
import { applyCaseRow, applyMessageUpdate, applySlaAlert, applySlaUpdate } from '../cache';

const row = (id: number, minutesAgo: number, overrides: Partial<CaseRow> = {}): CaseRow => ({
  id,
  status: 'open',
  priority: 1,
  subject: '',
  assignee_id: null,
  team_id: null,
  tags: [],
  customer: { id, display_name: `C${id}`, avatar_url: '' },
  channel_account_id: 1,
  channel_kind: 'api',
  last_message_preview: '',
  last_message_at: new Date(Date.UTC(2026, 0, 1, 12) - minutesAgo * 60_000).toISOString(),
  waiting_since: null,
  opened_at: new Date(Date.UTC(2026, 0, 1)).toISOString(),
  snoozed_until: null,
  sla: null,
  ...overrides,
});

function seed(client: QueryClient, view: 'mine' | 'all', pages: { rows: CaseRow[]; next: string | null }[]) {
  client.setQueryData<CasesData>(casesQueryKey(view), {
    pages: pages.map((page) => ({ next: page.next, previous: null, results: page.rows })),
    pageParams: pages.map((_, index) => (index === 0 ? null : `cursor-${index}`)),
  });
}
const ids = (client: QueryClient, view: 'mine' | 'all') =>
  client.getQueryData<CasesData>(casesQueryKey(view))?.pages.map((page) => page.results.map((r) => r.id));

describe('applyCaseRow', () => {
  it('adds a case to Mine when it is assigned to my membership and removes it when reassigned', () => {
    const client = new QueryClient();
    seed(client, 'mine', [{ rows: [row(1, 5, { assignee_id: 7 })], next: null }]);

    applyCaseRow(client, row(2, 1, { assignee_id: 7 }), 7);
    expect(ids(client, 'mine')).toEqual([[2, 1]]);
    applyCaseRow(client, row(2, 1, { assignee_id: 8 }), 7);
    expect(ids(client, 'mine')).toEqual([[1]]);
  });

  it('does not append an old case after the loaded rows when more pages follow', () => {
    const client = new QueryClient();
    seed(client, 'all', [
      { rows: [row(1, 1), row(2, 2)], next: 'cursor-1' },
      { rows: [row(3, 3)], next: 'cursor-2' },
    ]);
    // Older than everything loaded: it belongs to a page not fetched yet.
    applyCaseRow(client, row(9, 60), null);
    expect(ids(client, 'all')).toEqual([[1, 2], [3]]);
    // Newer than the second page's first row: it goes there, once.
    applyCaseRow(client, row(4, 2.5), null);
    applyCaseRow(client, row(4, 2.5), null);
    expect(ids(client, 'all')).toEqual([[1, 2], [4, 3]]);
  });
});

describe('row SLA clocks', () => {
  const clock = { target: 'first_response', state: 'on_track', due_at: '2026-01-01T13:00:00Z', at_risk_at: null, remaining_seconds: null } as const;
  const sla = (row: CaseRow | undefined) => row?.sla;
  const first = (client: QueryClient) => client.getQueryData<CasesData>(casesQueryKey('all'))?.pages[0]?.results[0];

  it('a realtime row (no clock) keeps the clock the list gave', () => {
    const client = new QueryClient();
    seed(client, 'all', [{ rows: [row(1, 5, { sla: clock })], next: null }]);
    const { sla: _omitted, ...payload } = row(1, 1, { last_message_preview: 'new' });
    applyCaseRow(client, payload, null);
    expect(first(client)?.last_message_preview).toBe('new');
    expect(sla(first(client))).toEqual(clock);
  });

  it('a new case takes the clock an earlier sla.updated left, and sla.updated patches rows', () => {
    const client = new QueryClient();
    seed(client, 'all', [{ rows: [], next: null }]);
    const event = {
      case_id: 2,
      paused: false,
      next_due_at: clock.due_at,
      clocks: {
        first_response: { status: 'on_track', due_at: clock.due_at, at_risk_at: null, remaining_seconds: 3600, business: false },
        next_response: { status: 'none', due_at: null, at_risk_at: null, remaining_seconds: null, business: null },
        resolution: { status: 'none', due_at: null, at_risk_at: null, remaining_seconds: null, business: null },
      },
    } as const;
    applySlaUpdate(client, event);
    const { sla: _omitted, ...payload } = row(2, 1);
    applyCaseRow(client, payload, null);
    expect(sla(first(client))).toEqual(clock);

    applySlaUpdate(client, { ...event, paused: true, clocks: { ...event.clocks, first_response: { ...event.clocks.first_response, due_at: null, remaining_seconds: 1200 } } });
    expect(sla(first(client))).toMatchObject({ state: 'paused', due_at: null, remaining_seconds: 1200 });
    applySlaAlert(client, { case_id: 2, target: 'first_response', due_at: null }, 'at_risk');
    expect(sla(first(client))?.state).toBe('paused');
  });
});

describe('applyMessageUpdate', () => {
  const detail = (status: string): CaseDetail => ({
    ...row(1, 1),
    customer: { id: 1, display_name: 'C1', avatar_url: '' },
    assignee: null,
    channel_account: { id: 1, name: 'API' },
    timeline: [],
    messages: [
      {
        id: 10,
        case_id: 1,
        direction: 'out',
        kind: 'public',
        author: null,
        text: 'Hi',
        status,
        sent_at: null,
        received_at: '2026-01-01T12:00:00Z',
      },
    ],
  });

  it('rewrites the message in the cached case, forwards only', () => {
    const client = new QueryClient();
    client.setQueryData(caseQueryKey(1), detail('sent'));
    applyMessageUpdate(client, { id: 10, case_id: 1, status: 'read' });
    expect(client.getQueryData<CaseDetail>(caseQueryKey(1))?.messages[0]?.status).toBe('read');
    applyMessageUpdate(client, { id: 10, case_id: 1, status: 'delivered' });
    expect(client.getQueryData<CaseDetail>(caseQueryKey(1))?.messages[0]?.status).toBe('read');
  });

  it('refetches a case that does not have the message yet, and leaves other cases alone', () => {
    const client = new QueryClient();
    client.setQueryData(caseQueryKey(1), detail('sent'));
    applyMessageUpdate(client, { id: 99, case_id: 1, status: 'read' });
    expect(client.getQueryState(caseQueryKey(1))?.isInvalidated).toBe(true);
    applyMessageUpdate(client, { id: 10, case_id: 2, status: 'read' });
    expect(client.getQueryData(caseQueryKey(2))).toBeUndefined();
  });
});
