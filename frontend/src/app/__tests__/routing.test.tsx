import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

describe('routing', () => {
  it('sends a signed-out visitor of /inbox to the login page and remembers where they were going', async () => {
    renderApp('/inbox?view=all');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/login?redirectTo=${encodeURIComponent('/inbox?view=all')}`,
    );
    expect(screen.getByTestId('tagline')).toHaveTextContent(/every customer conversation/i);
  });

  it('sends a signed-out visitor of / to the login page', async () => {
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location').textContent).toMatch(/^\/login/);
  });

  it('opens the inbox after signing in', async () => {
    let signedInNow = false;
    server.use(
      http.get('*/api/v1/auth/session/', () =>
        signedInNow
          ? HttpResponse.json(demoSession)
          : HttpResponse.json({ message: 'Not signed in.', code: 'not_authenticated', extra: {} }, { status: 401 }),
      ),
      http.post('*/api/v1/auth/login/', () => {
        signedInNow = true;
        return HttpResponse.json(demoSession);
      }),
    );
    const { user } = renderApp('/');

    await user.type(await screen.findByLabelText('Email'), 'ana@dialogo.test');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: /sign in/i }));

    expect(await screen.findByText('No cases yet', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/inbox$/);
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Demo Coffee Co.');
  });

  it('sends a signed-in visitor of /login straight to the inbox', async () => {
    server.use(signedIn());
    renderApp('/login');
    expect(await screen.findByText('No cases yet', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/inbox');
  });

  it('never redirects outside the app after login', async () => {
    server.use(signedIn());
    renderApp('/login?redirectTo=//evil.example/phish');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/inbox$/));
  });

  it('shows a not-found page for unknown addresses', async () => {
    server.use(signedIn());
    renderApp('/no-such-page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
