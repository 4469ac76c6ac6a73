import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { CaseDetail, CaseRow } from '@/features/inbox/types';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function caseRow(overrides: Partial<CaseRow> & { id: number }): CaseRow {
  return {
    status: 'open',
    priority: 1,
    subject: '',
    assignee_id: null,
    team_id: null,
    tags: [],
    customer: { id: overrides.id, display_name: `Customer ${overrides.id}`, avatar_url: '' },
    channel_account_id: 1,
    channel_kind: 'whatsapp',
    last_message_preview: 'Hello',
    last_message_at: minutesAgo(10),
    waiting_since: null,
    opened_at: minutesAgo(60),
    snoozed_until: null,
    sla: null,
    ...overrides,
  };
}

const lucia = caseRow({
  id: 1,
  customer: { id: 1, display_name: 'Lucía Fernández', avatar_url: '' },
  last_message_preview: '¿Dónde está mi pedido?',
  tags: ['vip'],
  priority: 3,
  last_message_at: minutesAgo(5),
});
const james = caseRow({
  id: 2,
  channel_kind: 'messenger',
  customer: { id: 2, display_name: 'James O’Connor', avatar_url: '' },
  last_message_preview: 'The bag was torn',
  last_message_at: minutesAgo(30),
});

function detailOf(row: CaseRow): CaseDetail {
  return {
    ...row,
    assignee: null,
    channel_account: { id: 1, name: 'WhatsApp Business' },
    messages: [
      {
        id: 100 + row.id,
        case_id: row.id,
        direction: 'in',
        kind: 'public',
        author: null,
        text: row.last_message_preview,
        sent_at: row.last_message_at,
        received_at: row.last_message_at,
      },
    ],
    timeline: [],
  };
}

function inboxApi({ rows = [lucia, james] }: { rows?: CaseRow[] } = {}) {
  const sent: { path: string; body: unknown }[] = [];
  server.use(
    signedIn(),
    http.get('*/api/v1/cases/', ({ request }) => {
      const status = new URL(request.url).searchParams.get('status');
      return HttpResponse.json({ next: null, previous: null, results: status === 'open' ? rows : [] });
    }),
    http.get('*/api/v1/cases/counts/', () =>
      HttpResponse.json({ mine: 0, unassigned: rows.length, all: rows.length, pending: 0, snoozed: 0, teams: [] }),
    ),
    http.get('*/api/v1/cases/:id/', ({ params }) => {
      const row = rows.find((r) => r.id === Number(params.id));
      return row ? HttpResponse.json(detailOf(row)) : HttpResponse.json({ message: 'Not found', code: 'not_found' }, { status: 404 });
    }),
    http.post('*/api/v1/cases/:id/reply/', async ({ request, params }) => {
      const body = (await request.json()) as { text: string };
      sent.push({ path: new URL(request.url).pathname, body });
      return HttpResponse.json(
        {
          id: 900,
          case_id: Number(params.id),
          direction: 'out',
          kind: 'public',
          author: { id: 11, name: 'Ana García' },
          text: body.text,
          sent_at: null,
          received_at: new Date().toISOString(),
          status: 'queued',
        },
        { status: 201 },
      );
    }),
    http.get('*/api/v1/canned-responses/', () =>
      HttpResponse.json({
        count: 2,
        next: null,
        previous: null,
        results: [
          { id: 4, shortcut: 'shipping', title: 'Shipping times', body: 'Orders ship within 24 hours.' },
          { id: 2, shortcut: 'gracias', title: 'Gracias por escribir', body: '¡Hola {{customer.first_name}}!' },
        ],
      }),
    ),
    http.get('*/api/v1/canned-responses/:id/render/', ({ params, request }) => {
      const caseId = new URL(request.url).searchParams.get('case');
      return HttpResponse.json({ text: params.id === '2' ? `¡Hola Lucía! (case ${caseId})` : 'Orders ship within 24 hours.' });
    }),
  );
  return { sent };
}

describe('inbox', { timeout: 20_000 }, () => {
  it('lists the cases of the view with customer, channel, preview, priority and tags', async () => {
    inboxApi();
    renderApp('/inbox/all');

    // The first test also pays for loading the lazy inbox route.
    const list = await screen.findByRole('list', { name: 'Cases' }, { timeout: 5000 });
    const rows = within(list).getAllByTestId('case-row');
    expect(rows.map((row) => row.getAttribute('data-case-id'))).toEqual(['1', '2']);
    expect(within(rows[0]!).getByText('Lucía Fernández')).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('img', { name: 'WhatsApp' })).toBeInTheDocument();
    expect(within(rows[0]!).getByText('¿Dónde está mi pedido?')).toBeInTheDocument();
    expect(within(rows[0]!).getByTestId('priority-marker')).toHaveTextContent('Urgent');
    expect(within(rows[0]!).getByText('vip')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('img', { name: 'Messenger' })).toBeInTheDocument();
    expect(await screen.findByTestId('view-count-all')).toHaveTextContent('2');
  });

  it('puts a case from case.created on top, moves an updated one, and drops one that left the view', async () => {
    inboxApi();
    const realtime = createFakeRealtime();
    renderApp('/inbox/all', { realtime });
    const list = await screen.findByRole('list', { name: 'Cases' });
    const ids = () => within(list).getAllByTestId('case-row').map((row) => row.getAttribute('data-case-id'));

    const nora = caseRow({ id: 3, customer: { id: 3, display_name: 'Nora', avatar_url: '' }, last_message_at: minutesAgo(0) });
    // Query observers are notified on the next tick: wait for the list to follow the cache.
    act(() => realtime.emit('case.created', nora));
    await waitFor(() => expect(ids()).toEqual(['3', '1', '2']));
    // The same event again (a replay) does not list it twice.
    act(() => realtime.emit('case.created', nora));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ids()).toEqual(['3', '1', '2']);

    act(() => realtime.emit('case.updated', { ...james, last_message_at: new Date(Date.now() + 1000).toISOString(), last_message_preview: 'Any news?' }));
    await waitFor(() => expect(ids()).toEqual(['2', '3', '1']));
    expect(within(list).getByText('Any news?')).toBeInTheDocument();

    act(() => realtime.emit('case.updated', { ...lucia, status: 'resolved' }));
    await waitFor(() => expect(ids()).toEqual(['2', '3']));
  });

  it('opens a case and sends a reply with Enter; the reply joins the timeline', async () => {
    const { sent } = inboxApi();
    const realtime = createFakeRealtime();
    const { user } = renderApp('/inbox/all', { realtime });

    await user.click(await screen.findByText('Lucía Fernández'));
    expect(screen.getByTestId('location')).toHaveTextContent('/inbox/all/1');
    const caseView = await screen.findByTestId('case-view');
    expect(await within(caseView).findByText('¿Dónde está mi pedido?')).toBeInTheDocument();
    await waitFor(() => expect(realtime.sent).toContainEqual({ type: 'subscribe', case: 1 }));

    const input = within(caseView).getByRole('textbox', { name: 'Reply to the customer' });
    await user.type(input, 'Lo reviso ahora{Shift>}{Enter}{/Shift}Un momento');
    expect(input).toHaveValue('Lo reviso ahora\nUn momento');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(sent).toEqual([{ path: '/api/v1/cases/1/reply/', body: { text: 'Lo reviso ahora\nUn momento' } }]));
    expect(await within(caseView).findByText(/Lo reviso ahora/)).toBeInTheDocument();
    expect(input).toHaveValue('');
  });

  it('shows a message from message.created while the case is open, once', async () => {
    inboxApi();
    const realtime = createFakeRealtime();
    renderApp('/inbox/all/1', { realtime });
    const caseView = await screen.findByTestId('case-view');
    await within(caseView).findByText('¿Dónde está mi pedido?');

    const message = {
      id: 555,
      case_id: 1,
      direction: 'in',
      kind: 'public',
      author_id: null,
      text: '¿Hay novedades?',
      sent_at: new Date().toISOString(),
      received_at: new Date().toISOString(),
    };
    act(() => realtime.emit('message.created', message));
    act(() => realtime.emit('message.created', message));
    expect(await within(caseView).findByText('¿Hay novedades?')).toBeInTheDocument();
    expect(within(caseView).getAllByText('¿Hay novedades?')).toHaveLength(1);
  });

  it('inserts a canned response typed with / filled in for the case', async () => {
    const { sent } = inboxApi();
    const { user } = renderApp('/inbox/all/1');
    const caseView = await screen.findByTestId('case-view');
    const input = await within(caseView).findByRole('textbox', { name: 'Reply to the customer' });

    await user.type(input, '/gra');
    const menu = await screen.findByRole('listbox', { name: 'Canned responses' });
    expect(within(menu).getAllByRole('option')).toHaveLength(1);
    await user.keyboard('{Enter}');

    await waitFor(() => expect(input).toHaveValue('¡Hola Lucía! (case 1)'));
    expect(screen.queryByRole('listbox', { name: 'Canned responses' })).not.toBeInTheDocument();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(sent).toEqual([
        { path: '/api/v1/cases/1/reply/', body: { text: '¡Hola Lucía! (case 1)', canned_response_id: 2 } },
      ]),
    );
  });

  it('moves through the list with j and k and opens the shortcuts help with ?', async () => {
    inboxApi();
    const { user } = renderApp('/inbox/all');
    await screen.findByRole('list', { name: 'Cases' });

    await user.keyboard('j');
    expect(screen.getByTestId('location')).toHaveTextContent('/inbox/all/1');
    await user.keyboard('j');
    expect(screen.getByTestId('location')).toHaveTextContent('/inbox/all/2');
    await user.keyboard('k');
    expect(screen.getByTestId('location')).toHaveTextContent('/inbox/all/1');
    await user.keyboard('?');
    expect(await screen.findByTestId('shortcuts-help')).toBeInTheDocument();
  });
});
