import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { LANGUAGE_STORAGE_KEY } from '@/lib/i18n';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

describe('language switcher', () => {
  it('translates the login page and remembers the choice', async () => {
    const { user } = renderApp('/login');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /language/i }));
    await user.click(screen.getByRole('menuitem', { name: 'Español' }));

    expect(await screen.findByRole('heading', { name: 'Inicia sesión' })).toBeInTheDocument();
    expect(screen.getByLabelText(/contraseña/i)).toBeInTheDocument();
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('es');
    expect(document.documentElement.lang).toBe('es');
  });

  it('translates the app shell into Polish', async () => {
    server.use(signedIn());
    const { user } = renderApp('/inbox');
    expect(await screen.findByText('No cases yet', {}, { timeout: 3000 })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /language/i }));
    await user.click(screen.getByRole('menuitem', { name: 'Polski' }));

    expect(await screen.findByText('Nie ma jeszcze spraw')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /skrzynka/i })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wyloguj się' })).toBeInTheDocument();
    expect(screen.getByText('Administrator')).toBeInTheDocument();
  });
});
