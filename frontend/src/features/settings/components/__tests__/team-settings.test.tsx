import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { Member, Team } from '@/features/settings/types';
import { demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const ana: Member = {
  id: 1,
  user: { id: 1, email: 'ana@dialogo.test', name: 'Ana García' },
  role: 'admin',
  is_active: true,
  teams: [],
  created_at: '2026-01-01T00:00:00Z',
};
const luis: Member = {
  ...ana,
  id: 2,
  user: { id: 2, email: 'luis@dialogo.test', name: 'Luis Pérez' },
  role: 'agent',
  teams: [{ id: 7, name: 'Social care' }],
};
const social: Team = {
  id: 7,
  name: 'Social care',
  members: [{ id: 2, name: 'Luis Pérez', email: 'luis@dialogo.test', role: 'agent' }],
  created_at: '2026-01-01T00:00:00Z',
};
const vip: Team = { ...social, id: 8, name: 'VIP', members: [] };

function teamApi() {
  const memberPatches: unknown[] = [];
  const teamWrites: { method: string; body: unknown }[] = [];
  let members = [ana, luis];
  let teams = [social, vip];
  const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });
  server.use(
    signedIn(),
    http.get('*/api/v1/members/', () => HttpResponse.json(page(members))),
    http.get('*/api/v1/teams/', () => HttpResponse.json(page(teams))),
    http.get('*/api/v1/channel-accounts/', () => HttpResponse.json(page([]))),
    http.patch('*/api/v1/members/:id/', async ({ request, params }) => {
      const body = (await request.json()) as { role?: Member['role']; team_ids?: number[] };
      memberPatches.push(body);
      if (Number(params.id) === 1 && body.role !== 'admin') {
        return HttpResponse.json({ message: 'A workspace needs at least one active admin.', code: 'last_admin', extra: {} }, { status: 409 });
      }
      const member = members.find((m) => m.id === Number(params.id))!;
      const updated: Member = {
        ...member,
        role: body.role ?? member.role,
        teams: teams.filter((team) => body.team_ids?.includes(team.id)).map(({ id, name }) => ({ id, name })),
      };
      members = members.map((m) => (m.id === updated.id ? updated : m));
      return HttpResponse.json(updated);
    }),
    http.post('*/api/v1/teams/', async ({ request }) => {
      const body = (await request.json()) as { name: string };
      teamWrites.push({ method: 'POST', body });
      if (body.name === 'VIP') {
        return HttpResponse.json(
          { message: "A team named 'VIP' already exists.", code: 'team_exists', extra: { fields: { name: ['Already taken.'] } } },
          { status: 409 },
        );
      }
      const team: Team = { id: 9, name: body.name, members: [], created_at: '2026-01-02T00:00:00Z' };
      teams = [...teams, team];
      return HttpResponse.json(team, { status: 201 });
    }),
    http.delete('*/api/v1/teams/:id/', ({ params }) => {
      teamWrites.push({ method: 'DELETE', body: Number(params.id) });
      teams = teams.filter((team) => team.id !== Number(params.id));
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { memberPatches, teamWrites };
}

describe('settings › team and members', { timeout: 20_000 }, () => {
  it('is in the settings navigation and lists members with role, teams and state', async () => {
    teamApi();
    const { user } = renderApp('/settings/channels');
    const nav = await screen.findByRole('navigation', { name: 'Settings sections' }, { timeout: 5000 });
    await user.click(within(nav).getByRole('link', { name: 'Team and members' }));
    expect(await screen.findByRole('heading', { name: 'Team and members', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/settings/team');
    expect(within(nav).getByRole('link', { name: 'Team and members' })).toHaveAttribute('aria-current', 'page');

    const rows = await screen.findAllByTestId('member-row');
    expect(within(rows[0]!).getByText('Ana García')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Admin')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('No team')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Agent')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Social care')).toBeInTheDocument();
    const teamRows = screen.getAllByTestId('team-row');
    expect(within(teamRows[0]!).getByText('1 member')).toBeInTheDocument();
    expect(within(teamRows[1]!).getByText('0 members')).toBeInTheDocument();
  });

  it("changes a member's role and teams in one request", async () => {
    const { memberPatches } = teamApi();
    const { user } = renderApp('/settings/team');
    await user.click(await screen.findByRole('button', { name: 'Edit Luis Pérez' }, { timeout: 5000 }));
    const form = await screen.findByTestId('member-form');
    await user.click(within(form).getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: 'Supervisor' }));
    await user.click(within(form).getByRole('combobox', { name: 'Teams' }));
    await user.click(await screen.findByRole('option', { name: 'VIP' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(memberPatches).toEqual([{ role: 'supervisor', team_ids: [7, 8] }]));
    expect(await screen.findByText('Luis Pérez saved')).toBeInTheDocument();
    const row = screen.getAllByTestId('member-row')[1]!;
    expect(within(row).getByText('Supervisor')).toBeInTheDocument();
    expect(within(row).getByText('VIP')).toBeInTheDocument();
  });

  it("shows the API's reason when a change is refused", async () => {
    teamApi();
    const { user } = renderApp('/settings/team');
    await user.click(await screen.findByRole('button', { name: 'Edit Ana García' }, { timeout: 5000 }));
    const form = await screen.findByTestId('member-form');
    await user.click(within(form).getByRole('combobox', { name: 'Role' }));
    await user.click(await screen.findByRole('option', { name: 'Agent' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('A workspace needs at least one active admin.')).toBeInTheDocument();
  });

  it('creates a team, says so when the name is taken, and deletes one after confirming', async () => {
    const { teamWrites } = teamApi();
    const { user } = renderApp('/settings/team');
    await user.click(await screen.findByRole('button', { name: 'New team' }, { timeout: 5000 }));
    const form = await screen.findByTestId('team-form');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(within(form).getByText('Give the team a name.')).toBeInTheDocument();
    await user.type(within(form).getByRole('textbox', { name: /Team name/ }), 'VIP');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(await within(form).findByText("A team named 'VIP' already exists.")).toBeInTheDocument();

    await user.clear(within(form).getByRole('textbox', { name: /Team name/ }));
    await user.type(within(form).getByRole('textbox', { name: /Team name/ }), 'Returns');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.getAllByTestId('team-row')).toHaveLength(3));

    await user.click(screen.getByRole('button', { name: 'Delete VIP' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete VIP?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(teamWrites.at(-1)).toEqual({ method: 'DELETE', body: 8 }));
    expect(await screen.findByText('VIP deleted')).toBeInTheDocument();
  });

  it('is for admins only; others see the sections they may open', async () => {
    server.use(signedIn({ ...demoSession, role: 'agent' }));
    renderApp('/settings/team');
    expect(await screen.findByTestId('admins-only', {}, { timeout: 5000 })).toHaveTextContent('Only admins can change settings');
    const nav = screen.getByRole('navigation', { name: 'Settings sections' });
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual(['Canned responses']);
  });
});
