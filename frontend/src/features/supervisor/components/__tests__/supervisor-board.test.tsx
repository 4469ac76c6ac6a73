import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { Board } from '@/features/supervisor/types';
import { i18n } from '@/lib/i18n';
import { demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function demoBoard(): Board {
  return {
    generated_at: new Date().toISOString(),
    totals: { open: 12, unassigned: 3, waiting: 7, at_risk: 2, breached: 1, agents_online: 2 },
    teams: [
      { id: null, name: '', open: 2, unassigned: 2, waiting: 1, oldest_waiting_since: minutesAgo(3), at_risk: 0, breached: 0 },
      { id: 1, name: 'Social care', open: 5, unassigned: 1, waiting: 3, oldest_waiting_since: minutesAgo(23), at_risk: 1, breached: 0 },
      { id: 2, name: 'VIP desk', open: 5, unassigned: 0, waiting: 3, oldest_waiting_since: minutesAgo(75), at_risk: 1, breached: 1 },
    ],
    agents: [
      { membership_id: 5, name: 'Zofia Wiśniewska', email: 'zofia@dialogo.test', role: 'agent', status: 'offline', open_assigned: 0, capacity: 8, viewing_case_ids: [] },
      { membership_id: 3, name: 'Ana García', email: 'ana@dialogo.test', role: 'agent', status: 'online', open_assigned: 8, capacity: 10, viewing_case_ids: [9] },
      { membership_id: 4, name: 'Piotr Nowak', email: 'piotr@dialogo.test', role: 'supervisor', status: 'away', open_assigned: 6, capacity: 6, viewing_case_ids: [] },
      { membership_id: 6, name: '', email: 'lucia@dialogo.test', role: 'agent', status: 'online', open_assigned: 2, capacity: null, viewing_case_ids: [] },
    ],
    channels: [
      { kind: 'instagram', open: 3, waiting: 0 },
      { kind: 'whatsapp', open: 4, waiting: 2 },
    ],
  };
}

/** Serves the board and counts the requests for it. */
function serveBoard(board: () => Board = demoBoard) {
  const calls = { count: 0 };
  server.use(
    http.get('*/api/v1/board/', () => {
      calls.count += 1;
      return HttpResponse.json(board());
    }),
  );
  return calls;
}

describe('Supervisor board', { timeout: 20_000 }, () => {
  it('shows the headline counts, with risk in orange and breaches in red', async () => {
    server.use(signedIn());
    serveBoard();
    renderApp('/supervisor');

    const tiles = await screen.findByRole('list', { name: 'Right now' });
    expect(within(tiles).getByTestId('tile-open')).toHaveTextContent('Open12');
    expect(within(tiles).getByTestId('tile-waiting')).toHaveTextContent('Waiting for us7');
    expect(within(tiles).getByTestId('tile-agents_online')).toHaveTextContent('2');
    expect(within(tiles).getByTestId('tile-at_risk')).toHaveAttribute('data-tone', 'orange');
    expect(within(tiles).getByTestId('tile-breached')).toHaveAttribute('data-tone', 'red');
    expect(within(tiles).getByTestId('tile-open')).toHaveAttribute('data-tone', 'none');
    expect(within(tiles).getByRole('link', { name: /unassigned/i })).toHaveAttribute('href', '/inbox/unassigned');
    expect(screen.getByTestId('board-updated')).toHaveTextContent(/Updated (now|\d+ sec)/);
  });

  it('keeps risk tiles neutral when nothing is at risk', async () => {
    server.use(signedIn());
    serveBoard(() => ({ ...demoBoard(), totals: { ...demoBoard().totals, at_risk: 0, breached: 0 } }));
    renderApp('/supervisor');
    expect(await screen.findByTestId('tile-at_risk')).toHaveAttribute('data-tone', 'none');
    expect(screen.getByTestId('tile-breached')).toHaveAttribute('data-tone', 'none');
  });

  it('lists each team’s queue with its longest wait, linking to the team’s inbox view', async () => {
    server.use(signedIn());
    serveBoard();
    const { user } = renderApp('/supervisor');

    const rows = await screen.findAllByTestId('team-row');
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(['Social care', 'VIP desk', 'No team']);
    const [social, vip, noTeam] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(social).getByText('waiting 23 min')).toHaveAttribute('data-level', 'long');
    expect(within(vip).getByText('waiting 1 hr 15 min')).toHaveAttribute('data-level', 'too_long');
    expect(within(noTeam).getByText('waiting 3 min')).toHaveAttribute('data-level', 'ok');
    expect(within(noTeam).queryByRole('link')).not.toBeInTheDocument();
    expect(within(social).getByRole('link', { name: 'Social care' })).toHaveAttribute('href', '/inbox/team-1');

    await user.click(within(vip).getAllByRole('cell')[2]!);
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/inbox/team-2'));
  });

  it('shows each agent’s presence, load against capacity and the case they are viewing', async () => {
    server.use(signedIn());
    serveBoard();
    renderApp('/supervisor');

    const rows = await screen.findAllByTestId('agent-row');
    // Online first, then away, then offline.
    expect(rows.map((row) => row.getAttribute('data-status'))).toEqual(['online', 'online', 'away', 'offline']);
    const [ana, lucia, piotr, zofia] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];

    expect(within(ana).getByTestId('agent-load')).toHaveAttribute('data-level', 'high');
    expect(within(ana).getByText('8 of 10')).toBeInTheDocument();
    expect(within(ana).getByRole('progressbar', { name: '8 open cases of a capacity of 10' })).toBeInTheDocument();
    expect(within(ana).getByRole('link', { name: 'Open case #9' })).toHaveAttribute('href', '/inbox/all/9');

    expect(within(piotr).getByTestId('agent-load')).toHaveAttribute('data-level', 'full');
    expect(within(piotr).getByText('Supervisor')).toBeInTheDocument();
    expect(within(piotr).getByText('Away')).toBeInTheDocument();

    // No name: the email stands in; no capacity: no bar.
    expect(within(lucia).getByText('lucia@dialogo.test')).toBeInTheDocument();
    expect(within(lucia).getByText('no limit')).toBeInTheDocument();
    expect(within(lucia).queryByRole('progressbar')).not.toBeInTheDocument();

    expect(within(zofia).getByTestId('agent-load')).toHaveAttribute('data-level', 'ok');
  });

  it('shows the channels busiest first, with their icons', async () => {
    server.use(signedIn());
    serveBoard();
    renderApp('/supervisor');

    const chips = await screen.findAllByTestId('channel-chip');
    expect(chips[0]).toHaveTextContent('WhatsApp4 open· 2 waiting');
    expect(within(chips[0]!).getByRole('img', { name: 'WhatsApp' })).toBeInTheDocument();
    expect(chips[1]).toHaveTextContent('Instagram3 open· 0 waiting');
  });

  it('refetches when a case, SLA or presence event arrives, and not for other events', async () => {
    server.use(signedIn());
    const calls = serveBoard();
    const realtime = createFakeRealtime();
    renderApp('/supervisor', { realtime });
    await screen.findByTestId('team-queues');
    expect(calls.count).toBe(1);

    realtime.emit('message.created', { case_id: 9 });
    realtime.emit('case.viewers', { case_id: 9, viewers: [] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.count).toBe(1);

    // A burst: the first refetches at once, the rest wait for the throttle.
    realtime.emit('sla.breached', { case_id: 9 });
    realtime.emit('case.updated', { id: 9 });
    realtime.emit('presence.updated', { membership_id: 3, status: 'away' });
    await waitFor(() => expect(calls.count).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls.count).toBe(2);
  });

  it('says what went wrong when the board cannot load, and tries again', async () => {
    server.use(signedIn());
    let fail = true;
    server.use(
      http.get('*/api/v1/board/', () =>
        fail
          ? HttpResponse.json({ message: 'Database unavailable.', code: 'server_error', extra: {} }, { status: 503 })
          : HttpResponse.json(demoBoard()),
      ),
    );
    const { user } = renderApp('/supervisor');
    expect(await screen.findByText('We could not load the board.')).toBeInTheDocument();
    expect(screen.getByText('Database unavailable.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('team-queues')).toBeInTheDocument();
  });

  it('is in the navigation for supervisors and admins', async () => {
    server.use(signedIn({ ...demoSession, role: 'supervisor' }));
    serveBoard();
    const { user } = renderApp('/inbox');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    await user.click(within(nav).getByRole('link', { name: 'Supervisor' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/supervisor'));
    expect(await screen.findByTestId('team-queues')).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Supervisor' })).toHaveAttribute('aria-current', 'page');
  });

  it('tells agents the board is for supervisors, without asking the API', async () => {
    server.use(signedIn({ ...demoSession, role: 'agent' }));
    const calls = serveBoard();
    renderApp('/supervisor');
    expect(await screen.findByTestId('supervisors-only')).toHaveTextContent('Only supervisors can see the board');
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).queryByRole('link', { name: 'Supervisor' })).not.toBeInTheDocument();
    expect(calls.count).toBe(0);
  });

  it('speaks Polish', async () => {
    await i18n.changeLanguage('pl');
    server.use(signedIn());
    serveBoard();
    renderApp('/supervisor');
    expect(await screen.findByRole('heading', { name: 'Tablica na żywo' })).toBeInTheDocument();
    expect(await screen.findByText('czeka 23 min')).toBeInTheDocument();
    expect(screen.getByText('8 z 10')).toBeInTheDocument();
  });
});
