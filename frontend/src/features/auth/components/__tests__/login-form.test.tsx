import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import { demoSession } from '@/testing/mocks/data';
import { server } from '@/testing/mocks/server';
import { renderWithProviders } from '@/testing/test-utils';

import { LoginForm } from '../login-form';

function setup() {
  const onSuccess = vi.fn();
  const utils = renderWithProviders(<LoginForm onSuccess={onSuccess} />);
  const email = screen.getByLabelText('Email');
  const password = screen.getByLabelText('Password');
  const submit = screen.getByRole('button', { name: /sign in/i });
  return { ...utils, onSuccess, email, password, submit };
}

describe('LoginForm', () => {
  it('explains missing fields without calling the API', async () => {
    const loginCalled = vi.fn();
    server.use(http.post('*/api/v1/auth/login/', loginCalled));
    const { user, submit, email } = setup();

    await user.click(submit);

    expect(screen.getByText('Enter your email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveFocus();
    expect(loginCalled).not.toHaveBeenCalled();
  });

  it('rejects an address that is not an email', async () => {
    const { user, email, password, submit } = setup();

    await user.type(email, 'ana.dialogo.test');
    await user.type(password, 'secret');
    await user.click(submit);

    expect(screen.getByText(/enter a valid email address/i)).toBeInTheDocument();
  });

  it('clears a field error as soon as the person types', async () => {
    const { user, email, submit } = setup();
    await user.click(submit);
    expect(screen.getByText('Enter your email address.')).toBeInTheDocument();

    await user.type(email, 'a');

    expect(screen.queryByText('Enter your email address.')).not.toBeInTheDocument();
  });

  it("shows the API's message when the credentials are wrong", async () => {
    server.use(
      http.post('*/api/v1/auth/login/', () =>
        HttpResponse.json(
          { message: 'That email and password do not match.', code: 'invalid_credentials', extra: {} },
          { status: 400 },
        ),
      ),
    );
    const { user, email, password, submit, onSuccess } = setup();

    await user.type(email, 'ana@dialogo.test');
    await user.type(password, 'wrong');
    await user.click(submit);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We could not sign you in');
    expect(alert).toHaveTextContent('That email and password do not match.');
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it("puts the API's field errors under the fields", async () => {
    server.use(
      http.post('*/api/v1/auth/login/', () =>
        HttpResponse.json(
          {
            message: 'Invalid input.',
            code: 'invalid',
            extra: { fields: { email: ['This account is disabled.'], password: ['Too short.'] } },
          },
          { status: 400 },
        ),
      ),
    );
    const { user, email, password, submit } = setup();

    await user.type(email, 'ana@dialogo.test');
    await user.type(password, 'x');
    await user.click(submit);

    expect(await screen.findByText('This account is disabled.')).toBeInTheDocument();
    expect(screen.getByText('Too short.')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    // The fields explain it all: no banner repeating "Invalid input."
    expect(screen.queryByText('Invalid input.')).not.toBeInTheDocument();
  });

  it('says the server is unreachable in plain words', async () => {
    server.use(http.post('*/api/v1/auth/login/', () => HttpResponse.error()));
    const { user, email, password, submit } = setup();

    await user.type(email, 'ana@dialogo.test');
    await user.type(password, 'secret');
    await user.click(submit);

    expect(await screen.findByRole('alert')).toHaveTextContent(/could not reach the server/i);
  });

  it('posts the credentials with the CSRF token and reports success', async () => {
    document.cookie = 'csrftoken=token-from-cookie; path=/';
    let received: { body: unknown; csrf: string | null; contentType: string | null } | null = null;
    server.use(
      http.post('*/api/v1/auth/login/', async ({ request }) => {
        received = {
          body: await request.json(),
          csrf: request.headers.get('X-CSRFToken'),
          contentType: request.headers.get('Content-Type'),
        };
        return HttpResponse.json(demoSession);
      }),
    );
    const { user, email, password, submit, onSuccess } = setup();

    await user.type(email, '  ana@dialogo.test ');
    await user.type(password, 'correct horse');
    await user.click(submit);

    await waitFor(() => expect(onSuccess).toHaveBeenCalledWith(demoSession));
    expect(received).toEqual({
      body: { email: 'ana@dialogo.test', password: 'correct horse' },
      csrf: 'token-from-cookie',
      contentType: 'application/json',
    });
  });
});
