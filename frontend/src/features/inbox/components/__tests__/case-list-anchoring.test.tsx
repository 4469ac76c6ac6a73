import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { CaseRow } from '@/features/inbox/types';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

import { ROW_HEIGHT } from '../case-list';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function caseRow(id: number, minutes: number): CaseRow {
  return {
    id,
    status: 'open',
    priority: 1,
    subject: '',
    assignee_id: null,
    team_id: null,
    tags: [],
    customer: { id, display_name: `Customer ${id}`, avatar_url: '' },
    channel_account_id: 1,
    channel_kind: 'whatsapp',
    last_message_preview: `Message ${id}`,
    last_message_at: minutesAgo(minutes),
    waiting_since: null,
    opened_at: minutesAgo(120),
    snoozed_until: null,
    sla: null,
  };
}

describe('case list scroll anchoring', { timeout: 20_000 }, () => {
  it('keeps the rows the agent is reading still when cases arrive above; at the top they appear', async () => {
    const rows = Array.from({ length: 40 }, (_, index) => caseRow(index + 1, index + 1));
    server.use(
      signedIn(),
      http.get('*/api/v1/cases/', () => HttpResponse.json({ next: null, previous: null, results: rows })),
      http.get('*/api/v1/cases/counts/', () =>
        HttpResponse.json({ mine: 0, unassigned: 40, all: 40, pending: 0, snoozed: 0, teams: [] }),
      ),
    );
    const realtime = createFakeRealtime();
    renderApp('/inbox/all', { realtime });
    await screen.findByRole('list', { name: 'Cases' }, { timeout: 10_000 });
    const scroller = screen.getByTestId('case-list-scroller');
    const firstRowId = () => within(screen.getByRole('list', { name: 'Cases' })).getAllByTestId('case-row')[0]?.getAttribute('data-case-id');

    // Reading further down: the 11th row is at the top of the viewport, 20 px scrolled into it.
    act(() => {
      scroller.scrollTop = 10 * ROW_HEIGHT + 20;
      fireEvent.scroll(scroller);
    });
    act(() => realtime.emit('case.created', caseRow(100, 0)));
    act(() => realtime.emit('case.created', caseRow(101, 0)));
    // Two rows came in above: the view moved down by two rows, so what was on screen stays.
    await waitFor(() => expect(scroller.scrollTop).toBe(12 * ROW_HEIGHT + 20));

    // At the top of the list, new cases simply appear there.
    act(() => {
      scroller.scrollTop = 0;
      fireEvent.scroll(scroller);
    });
    act(() => realtime.emit('case.created', { ...caseRow(102, 0), last_message_at: new Date(Date.now() + 1000).toISOString() }));
    await waitFor(() => expect(firstRowId()).toBe('102'));
    expect(scroller.scrollTop).toBe(0);
  });
});
