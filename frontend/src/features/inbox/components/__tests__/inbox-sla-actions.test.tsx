import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { BreachingSoon, CaseDetail, CaseRow, CaseSla, SlaClock } from '@/features/inbox/types';
import { slaSummaryOf } from '@/features/inbox/utils/sla';
import { localTimeZone, snoozeLabel, snoozeUntil } from '@/features/inbox/utils/snooze';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

const fromNow = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

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
    last_message_at: fromNow(-600 - overrides.id),
    waiting_since: null,
    opened_at: fromNow(-3600),
    snoozed_until: null,
    sla: null,
    ...overrides,
  };
}

const idle: SlaClock = { status: 'none', business: null, due_at: null, at_risk_at: null, remaining_seconds: null };

/** A first-response clock due in `dueIn` seconds (negative: overdue), of a 30-minute target. */
function firstResponse(caseId: number, dueIn: number, overrides: Partial<CaseSla> = {}): CaseSla {
  return {
    case_id: caseId,
    paused: false,
    next_due_at: fromNow(dueIn),
    first_response: {
      status: dueIn < 0 ? 'breached' : 'on_track',
      business: false,
      target_seconds: 1800,
      due_at: fromNow(dueIn),
      at_risk_at: fromNow(dueIn - 360),
      completed_at: null,
      remaining_seconds: dueIn,
    },
    next_response: idle,
    resolution: idle,
    ...overrides,
  };
}

function pausedClock(caseId: number): CaseSla {
  return {
    ...firstResponse(caseId, 0),
    paused: true,
    next_due_at: null,
    first_response: { status: 'on_track', business: false, target_seconds: 1800, due_at: null, at_risk_at: null, completed_at: null, remaining_seconds: 1500 },
  };
}

function detailOf(row: CaseRow, customer: Partial<CaseDetail['customer']> = {}): CaseDetail {
  return {
    ...row,
    customer: { ...row.customer, email: '', phone: '', language: 'es', tags: [], follower_count: null, identities: [], ...customer },
    assignee: null,
    team: null,
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

interface ApiOptions {
  rows: CaseRow[];
  clocks?: Record<number, CaseSla>;
  customer?: Partial<CaseDetail['customer']>;
  customerCases?: CaseRow[];
  teams?: { id: number; name: string; count: number }[];
  breaching?: BreachingSoon[];
}

function inboxApi({ rows, clocks = {}, customer = {}, customerCases = [], teams = [], breaching = [] }: ApiOptions) {
  const posted: { path: string; body: unknown }[] = [];
  const listQueries: URLSearchParams[] = [];
  const slaRequests: number[] = [];
  server.use(
    signedIn(),
    http.get('*/api/v1/cases/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      listQueries.push(params);
      const tag = params.get('tag');
      return HttpResponse.json({ next: null, previous: null, results: tag ? rows.filter((r) => r.tags.includes(tag)) : rows });
    }),
    http.get('*/api/v1/cases/counts/', () =>
      HttpResponse.json({ mine: 0, unassigned: rows.length, all: rows.length, pending: 0, snoozed: 0, teams }),
    ),
    http.get('*/api/v1/cases/:id/', ({ params }) => {
      const row = rows.find((r) => r.id === Number(params.id));
      return row ? HttpResponse.json(detailOf(row, customer)) : HttpResponse.json({ message: 'Not found', code: 'not_found' }, { status: 404 });
    }),
    http.post('*/api/v1/cases/:id/:action/', async ({ request, params }) => {
      const body = await request.json();
      posted.push({ path: new URL(request.url).pathname, body });
      const row = rows.find((r) => r.id === Number(params.id))!;
      return HttpResponse.json(row);
    }),
    http.get('*/api/v1/sla/cases/:caseId/', ({ params }) => {
      const caseId = Number(params.caseId);
      slaRequests.push(caseId);
      const clock = clocks[caseId];
      return clock ? HttpResponse.json(clock) : HttpResponse.json({ message: 'No SLA', code: 'not_found' }, { status: 404 });
    }),
    http.get('*/api/v1/sla/breaching-soon/', () =>
      HttpResponse.json({ count: breaching.length, next: null, previous: null, results: breaching }),
    ),
    http.get('*/api/v1/customers/:customerId/cases/', () => HttpResponse.json({ next: null, previous: null, results: customerCases })),
  );
  return { posted, listQueries, slaRequests };
}

const rowOf = (caseId: number) =>
  within(screen.getByRole('list', { name: 'Cases' })).getAllByTestId('case-row').find((row) => row.getAttribute('data-case-id') === String(caseId))!;

describe('SLA countdowns', { timeout: 20_000 }, () => {
  it('shows each row’s time left from the list page (no request per row), ticking, coloured by state; sla.updated moves it', async () => {
    const clocks = { 1: firstResponse(1, 170), 2: firstResponse(2, -725), 3: pausedClock(3), 4: firstResponse(4, 1500) };
    const rows = [
      caseRow({ id: 1, sla: slaSummaryOf(clocks[1]) }),
      caseRow({ id: 2, sla: slaSummaryOf(clocks[2]) }),
      caseRow({ id: 3, status: 'pending', sla: slaSummaryOf(clocks[3]) }),
      caseRow({ id: 4, sla: slaSummaryOf(clocks[4]) }),
    ];
    const { slaRequests } = inboxApi({ rows, clocks });
    const realtime = createFakeRealtime();
    renderApp('/inbox/all', { realtime });
    // The first test of the file also pays for loading the lazy inbox route.
    await screen.findByRole('list', { name: 'Cases' }, { timeout: 10_000 });

    const countdown = (caseId: number) => within(rowOf(caseId)).findByTestId('sla-countdown');
    const atRisk = await countdown(1);
    expect(atRisk).toHaveAttribute('data-state', 'at_risk');
    expect(atRisk).toHaveTextContent(/^2 min \d+ sec$/);
    expect(atRisk).toHaveAccessibleName(/First response: 2 min \d+ sec left \(at risk\)/);
    expect(await countdown(2)).toHaveAttribute('data-state', 'breached');
    expect(await countdown(2)).toHaveTextContent('overdue 12 min');
    expect(await countdown(3)).toHaveAttribute('data-state', 'paused');
    expect(await countdown(3)).toHaveTextContent('Paused');
    expect(await countdown(4)).toHaveAttribute('data-state', 'ok');
    expect(await countdown(4)).toHaveTextContent(/^2[45] min$/);

    // The clock ticks on the client.
    const before = atRisk.textContent;
    await waitFor(() => expect(atRisk.textContent).not.toBe(before), { timeout: 2500 });
    // The clocks came with the page: not one request per row.
    expect(slaRequests).toEqual([]);

    // The case came back from pending: its clock runs again.
    act(() =>
      realtime.emit('sla.updated', {
        case_id: 3,
        paused: false,
        next_due_at: fromNow(3600),
        clocks: {
          first_response: { status: 'on_track', due_at: fromNow(3600), at_risk_at: fromNow(3000), remaining_seconds: 3600, business: false },
          next_response: { status: 'none', due_at: null, at_risk_at: null, remaining_seconds: null, business: false },
          resolution: { status: 'none', due_at: null, at_risk_at: null, remaining_seconds: null, business: false },
        },
      }),
    );
    await waitFor(async () => expect(await countdown(3)).toHaveAttribute('data-state', 'ok'));
    expect(await countdown(3)).toHaveTextContent(/^(59 min|1 hr)$/);
    // Applied from the event: no new request.
    expect(slaRequests).toHaveLength(0);

    // The sweep's alert turns a row at risk; a case.updated (which carries no clock) keeps it.
    act(() => realtime.emit('sla.at_risk', { case_id: 4, target: 'first_response', due_at: clocks[4].first_response.due_at }));
    await waitFor(async () => expect(await countdown(4)).toHaveAttribute('data-state', 'at_risk'));
    const { sla: _sla, ...summary } = caseRow({ id: 4, last_message_preview: 'Any news?', last_message_at: fromNow(-1) });
    act(() => realtime.emit('case.updated', summary));
    await waitFor(() => expect(rowOf(4)).toHaveTextContent('Any news?'));
    expect(await countdown(4)).toHaveAttribute('data-state', 'at_risk');

    // A breached clock may have been answered late: only the API knows, so that case's clocks
    // are asked once, and the row follows the answer.
    clocks[2] = { ...clocks[2], first_response: { ...clocks[2].first_response, completed_at: fromNow(-5) } };
    act(() =>
      realtime.emit('sla.updated', {
        case_id: 2,
        paused: false,
        next_due_at: null,
        clocks: {
          first_response: { status: 'breached', due_at: clocks[2].first_response.due_at, at_risk_at: null, remaining_seconds: -725, business: false },
          next_response: { status: 'none', due_at: null, at_risk_at: null, remaining_seconds: null, business: false },
          resolution: { status: 'none', due_at: null, at_risk_at: null, remaining_seconds: null, business: false },
        },
      }),
    );
    await waitFor(() => expect(within(rowOf(2)).queryByTestId('sla-countdown')).not.toBeInTheDocument());
    expect(slaRequests).toEqual([2]);
  });

  it('shows the clock with its target in the case header', async () => {
    inboxApi({ rows: [caseRow({ id: 2 })], clocks: { 2: firstResponse(2, -725) } });
    renderApp('/inbox/all/2');
    const caseView = await screen.findByTestId('case-view');
    const clock = await within(caseView).findByTestId('sla-countdown');
    expect(clock).toHaveTextContent('First response · overdue 12 min');
    expect(clock).toHaveAttribute('data-state', 'breached');
  });

  it('shows no countdown for a case without an SLA policy', async () => {
    inboxApi({ rows: [caseRow({ id: 5 })] });
    renderApp('/inbox/all/5');
    const caseView = await screen.findByTestId('case-view');
    await within(caseView).findByText('Hello');
    expect(screen.queryByTestId('sla-countdown')).not.toBeInTheDocument();
  });
});

describe('case actions', { timeout: 20_000 }, () => {
  it('assigns to me with a, snoozes with s, tags with t', async () => {
    const { posted } = inboxApi({ rows: [caseRow({ id: 1, tags: ['vip'] }), caseRow({ id: 2, tags: ['refund'] })] });
    const { user } = renderApp('/inbox/all/1');
    const caseView = await screen.findByTestId('case-view');
    await within(caseView).findByText('Hello');
    // The member list tells which membership is mine (11).
    await waitFor(() => expect(within(caseView).getByTestId('assignee-select')).toBeInTheDocument());

    await user.keyboard('a');
    await waitFor(() => expect(posted).toContainEqual({ path: '/api/v1/cases/1/assign/', body: { assignee_id: 11 } }));

    await user.keyboard('s');
    const menu = await screen.findByTestId('snooze-menu');
    const clicked = Date.now();
    await user.click(within(menu).getByRole('menuitem', { name: /For 1 hour/ }));
    await waitFor(() => expect(posted.some((p) => p.path === '/api/v1/cases/1/snooze/')).toBe(true));
    const snooze = posted.find((p) => p.path === '/api/v1/cases/1/snooze/')!.body as { until: string };
    expect(Math.abs(Date.parse(snooze.until) - clicked - 3_600_000)).toBeLessThan(60_000);

    await user.keyboard('t');
    const input = await screen.findByTestId('tags-input');
    await waitFor(() => expect(input).toHaveFocus());
    // Tags in use elsewhere are offered.
    await user.keyboard('ref');
    expect(await screen.findByRole('option', { name: 'refund' })).toBeInTheDocument();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(posted).toContainEqual({ path: '/api/v1/cases/1/tags/', body: { add: ['refund'], remove: [] } }),
    );
  });

  it('snoozes to 9:00 of the workspace’s day, labelled in the agent’s time', async () => {
    // A workspace far from the browser's zone (whatever the runner's is).
    const workspaceZone = localTimeZone() === 'Asia/Tokyo' ? 'America/Los_Angeles' : 'Asia/Tokyo';
    const { posted } = inboxApi({ rows: [caseRow({ id: 1 })] });
    server.use(
      http.get('*/api/v1/workspace/', () =>
        HttpResponse.json({ id: 1, slug: 'demo', name: 'Demo', timezone: workspaceZone, default_language: 'en', currency: 'EUR' }),
      ),
    );
    const { user } = renderApp('/inbox/all/1');
    const caseView = await screen.findByTestId('case-view');
    await within(caseView).findByText('Hello');
    await user.click(within(caseView).getByTestId('snooze-button'));
    const menu = await screen.findByTestId('snooze-menu');
    await waitFor(() => expect(within(menu).getByTestId('snooze-zone-hint')).toHaveTextContent(workspaceZone.replace('_', ' ')));
    const item = within(menu).getByTestId('snooze-tomorrow');
    const expected = snoozeUntil('tomorrow', new Date(), workspaceZone)!;
    // The label is the agent's local time of 9:00 in the workspace.
    expect(item).toHaveTextContent(snoozeLabel(expected, 'en'));
    await user.click(item);
    await waitFor(() => expect(posted.some((p) => p.path === '/api/v1/cases/1/snooze/')).toBe(true));
    const { until } = posted.find((p) => p.path === '/api/v1/cases/1/snooze/')!.body as { until: string };
    expect(new Date(until)).toEqual(expected);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: workspaceZone, hour: '2-digit', minute: '2-digit' }).format(new Date(until))).toBe('09:00');
  });

  it('moves the case to another team', async () => {
    const { posted } = inboxApi({ rows: [caseRow({ id: 1 })] });
    const { user } = renderApp('/inbox/all/1');
    const caseView = await screen.findByTestId('case-view');
    await user.click(within(caseView).getByRole('combobox', { name: 'Team' }));
    await user.click(await screen.findByRole('option', { name: 'Social care' }));
    await waitFor(() => expect(posted).toContainEqual({ path: '/api/v1/cases/1/team/', body: { team_id: 5 } }));
  });

  it('lists a, s and t in the shortcuts help', async () => {
    inboxApi({ rows: [caseRow({ id: 1 })] });
    const { user } = renderApp('/inbox/all');
    await screen.findByRole('list', { name: 'Cases' });
    await user.keyboard('?');
    const help = await screen.findByTestId('shortcuts-help');
    expect(help).toHaveTextContent('Assign the case to me');
    expect(help).toHaveTextContent('Snooze the case');
    expect(help).toHaveTextContent('Edit the case’s tags');
  });
});

describe('customer panel', { timeout: 20_000 }, () => {
  it('shows the loyalty tier as a badge, tags, followers, identities per channel and previous cases', async () => {
    const current = caseRow({ id: 1 });
    const previous = caseRow({ id: 7, status: 'resolved', last_message_preview: 'Cambio de talla' });
    inboxApi({
      rows: [current],
      customer: {
        display_name: 'Lucía Fernández',
        tags: ['tier:gold', 'newsletter'],
        follower_count: 12_345,
        identities: [
          { id: 1, channel_kind: 'instagram', external_id: '1784', username: 'lucia.f', display_name: 'Lucía' },
          { id: 2, channel_kind: 'whatsapp', external_id: '34611222333', username: '', display_name: '' },
        ],
      },
      customerCases: [current, previous],
    });
    renderApp('/inbox/all/1');
    const panel = await screen.findByTestId('customer-panel');
    expect(within(panel).getByTestId('tier-badge')).toHaveTextContent('Gold');
    expect(within(panel).getByTestId('tier-badge')).toHaveAccessibleName('Loyalty tier: Gold');
    expect(within(panel).getByText('newsletter')).toBeInTheDocument();
    expect(within(panel).queryByText('tier:gold')).not.toBeInTheDocument();
    expect(within(panel).getByTestId('customer-followers')).toHaveTextContent('12K');
    const identities = within(panel).getByTestId('customer-identities');
    expect(within(identities).getByRole('img', { name: 'Instagram' })).toBeInTheDocument();
    expect(within(identities).getByText('@lucia.f')).toBeInTheDocument();
    expect(within(identities).getByText('34611222333')).toBeInTheDocument();
    const cases = await within(panel).findByTestId('previous-cases');
    const links = within(cases).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', '/inbox/all/7');
    expect(links[0]).toHaveTextContent('Resolved');
    // The tier shows in the case header too.
    expect(within(screen.getByTestId('case-view')).getAllByTestId('tier-badge')).toHaveLength(2);
  });
});

describe('views', { timeout: 20_000 }, () => {
  it('offers my teams and breaching soon with counts, and tag views from the tags in use', async () => {
    const rows = [caseRow({ id: 1, tags: ['vip'] }), caseRow({ id: 2, tags: ['refund', 'vip'] })];
    const breaching: BreachingSoon[] = [
      {
        ...firstResponse(2, 1500),
        next_target: 'first_response',
        case: { subject: '', status: 'open', priority: 1, assignee_id: null, team_id: null, customer_name: 'Customer 2' },
      },
    ];
    const { listQueries } = inboxApi({ rows, teams: [{ id: 5, name: 'Social care', count: 4 }], breaching });
    const { user } = renderApp('/inbox/all');
    await screen.findByRole('list', { name: 'Cases' });

    expect(await screen.findByTestId('view-count-team-5')).toHaveTextContent('4');
    expect(await screen.findByTestId('view-count-breaching')).toHaveTextContent('1');
    const tags = await screen.findByRole('group', { name: 'Tags' });
    // Most used first; no made-up counts.
    expect(within(tags).getAllByRole('link').map((link) => link.textContent)).toEqual(['vip', 'refund']);
    expect(screen.queryByTestId('view-count-tag-vip')).not.toBeInTheDocument();

    await user.click(within(tags).getByRole('link', { name: 'refund' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/inbox/tag-refund');
    await waitFor(() => expect(listQueries.some((query) => query.get('tag') === 'refund' && query.get('status') === 'open')).toBe(true));
    expect(await screen.findByRole('heading', { name: '#refund' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: /Social care/ }));
    expect(screen.getByTestId('location')).toHaveTextContent('/inbox/team-5');
    await waitFor(() => expect(listQueries.some((query) => query.get('team') === '5')).toBe(true));
    expect(await screen.findByTestId('case-list-count')).toHaveTextContent('4');

    await user.click(screen.getByRole('link', { name: /Breaching soon/ }));
    const list = await screen.findByRole('list', { name: 'Cases' });
    const row = within(list).getByTestId('case-row');
    expect(row).toHaveAttribute('href', '/inbox/breaching/2');
    // The clocks came with the list: the row needs no request of its own.
    expect(within(row).getByTestId('sla-countdown')).toHaveTextContent(/^2[45] min$/);
  });
});

describe('virtualized case list', { timeout: 20_000 }, () => {
  it('keeps only a window of 10,000 cases in the DOM', async () => {
    const rows = Array.from({ length: 10_000 }, (_, index) => caseRow({ id: index + 1 }));
    inboxApi({ rows });
    renderApp('/inbox/all');
    const list = await screen.findByRole('list', { name: 'Cases' });
    const rendered = within(list).getAllByRole('listitem');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]).toHaveAttribute('aria-setsize', '10000');
    expect(rendered[0]).toHaveAttribute('aria-posinset', '1');
    expect(await screen.findByTestId('case-list-count')).toHaveTextContent('10000');
  });
});

describe('composer', { timeout: 20_000 }, () => {
  it('empties the box as soon as a reply is sent, and gives the text back if sending fails', async () => {
    inboxApi({ rows: [caseRow({ id: 1 })] });
    server.use(
      http.post('*/api/v1/cases/:id/reply/', () =>
        HttpResponse.json({ message: 'The channel refused the message.', code: 'send_failed', extra: {} }, { status: 400 }),
      ),
    );
    const { user } = renderApp('/inbox/all/1');
    const caseView = await screen.findByTestId('case-view');
    const input = await within(caseView).findByRole('textbox', { name: 'Reply to the customer' });
    await user.type(input, 'Lo reviso ahora');
    await user.keyboard('{Enter}');
    expect(await within(caseView).findByText('The channel refused the message.')).toBeInTheDocument();
    expect(input).toHaveValue('Lo reviso ahora');
  });
});
