import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { sessionQueryKey } from '@/features/auth/api/get-session';
import { demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

describe('app shell', () => {
  it('shows the workspace, who is signed in and their role', async () => {
    server.use(signedIn());
    renderApp('/inbox');

    expect(await screen.findByTestId('workspace-name')).toHaveTextContent('Demo Coffee Co.');
    const userMenu = screen.getByTestId('user-menu');
    expect(within(userMenu).getByText('Ana García')).toBeInTheDocument();
    expect(within(userMenu).getByText('ana@dialogo.test')).toBeInTheDocument();
    expect(within(userMenu).getByText('Admin')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeInTheDocument();
  });

  it('renders the empty three-pane inbox', async () => {
    server.use(signedIn());
    renderApp('/inbox');

    const views = await screen.findByRole('navigation', { name: 'Views' });
    for (const name of [/^Mine/, /^Unassigned/, /^All/, /^Waiting/, /^Snoozed/]) {
      expect(within(views).getByRole('link', { name })).toBeInTheDocument();
    }
    expect(within(views).getByRole('link', { name: /^Mine/ })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('heading', { name: 'No cases yet' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'No cases yet' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'No case selected' })).toBeInTheDocument();
  });

  it('switches inbox views through the address', async () => {
    server.use(signedIn());
    const { user } = renderApp('/inbox');

    await user.click(await screen.findByRole('link', { name: /^Unassigned/ }));

    expect(screen.getByTestId('location')).toHaveTextContent('/inbox/unassigned');
    expect(screen.getByRole('heading', { name: 'Unassigned', level: 2 })).toBeInTheDocument();
  });

  it('shows the main navigation with the sections still to come', async () => {
    server.use(signedIn());
    const { user } = renderApp('/inbox');

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: /inbox/i })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: /reports/i }));

    expect(await screen.findByRole('heading', { name: 'Reports', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Coming soon')).toBeInTheDocument();
    expect(screen.getByText(/cost per follower served/i)).toBeInTheDocument();
  });

  it('starts the realtime client and shows its status', async () => {
    server.use(signedIn());
    const realtime = createFakeRealtime();
    renderApp('/inbox', { realtime });

    const indicator = await screen.findByTestId('realtime-status');
    expect(realtime.started).toBeGreaterThan(0);
    expect(indicator).toHaveAttribute('data-status', 'connected');
    expect(indicator).toHaveTextContent('Connected');

    act(() => realtime.setStatus('reconnecting'));
    expect(indicator).toHaveAttribute('data-status', 'reconnecting');
    expect(indicator).toHaveTextContent('Reconnecting…');
  });

  it('logs out and returns to the login page', async () => {
    let loggedOut = false;
    server.use(
      http.get('*/api/v1/auth/session/', () =>
        loggedOut
          ? HttpResponse.json({ message: 'Not signed in.', code: 'not_authenticated', extra: {} }, { status: 401 })
          : HttpResponse.json(demoSession),
      ),
      http.post('*/api/v1/auth/logout/', () => {
        loggedOut = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const realtime = createFakeRealtime();
    const { user } = renderApp('/inbox', { realtime });

    await user.click(await screen.findByRole('button', { name: 'Log out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location').textContent).toMatch(/^\/login/);
    expect(realtime.getStatus()).toBe('idle');
  });

  it('offers a workspace switcher only to people in several workspaces', async () => {
    const other = { id: 2, slug: 'acme', name: 'Acme Support' };
    const twoWorkspaces = {
      ...demoSession,
      memberships: [...demoSession.memberships, { workspace: other, role: 'agent' as const }],
    };
    let switchedTo: unknown = null;
    server.use(
      signedIn(twoWorkspaces),
      http.post('*/api/v1/auth/workspace/', async ({ request }) => {
        switchedTo = await request.json();
        return HttpResponse.json({ ...twoWorkspaces, workspace: other, role: 'agent' });
      }),
    );
    const { user } = renderApp('/inbox');

    await user.click(await screen.findByRole('button', { name: /switch workspace/i }));
    await user.click(screen.getByRole('menuitem', { name: 'Acme Support' }));

    await waitFor(() => expect(screen.getByTestId('workspace-name')).toHaveTextContent('Acme Support'));
    expect(switchedTo).toEqual({ workspace: 'acme' });
    expect(within(screen.getByTestId('user-menu')).getByText('Agent')).toBeInTheDocument();
  });

  it('has no workspace switcher for a single workspace', async () => {
    server.use(signedIn());
    renderApp('/inbox');
    await screen.findByTestId('workspace-name');
    expect(screen.queryByRole('button', { name: /switch workspace/i })).not.toBeInTheDocument();
  });

  it('keeps the inbox on screen when a background session check fails', async () => {
    server.use(signedIn());
    const { queryClient } = renderApp('/inbox');
    await screen.findByTestId('workspace-name');

    server.use(http.get('*/api/v1/auth/session/', () => HttpResponse.error()));
    await act(() => queryClient.refetchQueries({ queryKey: sessionQueryKey }));

    expect(queryClient.getQueryState(sessionQueryKey)?.status).toBe('error');
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Demo Coffee Co.');
  });

  it('explains a failed first session check and retries on request', async () => {
    server.use(
      http.get('*/api/v1/auth/session/', () =>
        HttpResponse.json({ message: 'Database unavailable.', code: 'server_error', extra: {} }, { status: 503 }),
      ),
    );
    const { user } = renderApp('/inbox');

    expect(await screen.findByText('Database unavailable.')).toBeInTheDocument();
    server.use(signedIn());
    await user.click(screen.getByRole('button', { name: 'Reload' }));

    expect(await screen.findByTestId('workspace-name')).toHaveTextContent('Demo Coffee Co.');
  });
});
