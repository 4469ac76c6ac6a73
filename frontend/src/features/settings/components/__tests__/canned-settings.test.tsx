import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { CannedResponse } from '@/features/settings/types';
import { demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const order: CannedResponse = {
  id: 1,
  shortcut: 'where-is-my-order',
  title: 'Where is my order?',
  body: 'Hi {{customer.first_name}}, your order is on its way.',
  team: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const refund: CannedResponse = { ...order, id: 2, shortcut: 'refund', title: 'Refund policy', body: 'Refunds take 5 days.', team: { id: 7, name: 'VIP' } };

function cannedApi() {
  const writes: { method: string; body: unknown }[] = [];
  let responses = [order, refund];
  const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });
  server.use(
    signedIn(),
    http.get('*/api/v1/canned-responses/', () => HttpResponse.json(page(responses))),
    http.post('*/api/v1/canned-responses/', async ({ request }) => {
      const body = (await request.json()) as { shortcut: string; title: string; body: string };
      writes.push({ method: 'POST', body });
      if (body.shortcut === 'refund') {
        return HttpResponse.json(
          { message: 'The shortcut /refund is taken.', code: 'shortcut_taken', extra: { fields: { shortcut: ['Already taken.'] } } },
          { status: 409 },
        );
      }
      const created = { ...order, id: 3, ...body, team: null };
      responses = [...responses, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.delete('*/api/v1/canned-responses/:id/', ({ params }) => {
      writes.push({ method: 'DELETE', body: Number(params.id) });
      responses = responses.filter((response) => response.id !== Number(params.id));
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { writes };
}

describe('settings › canned responses', { timeout: 20_000 }, () => {
  it('lists and searches the saved answers by shortcut, title or text', async () => {
    cannedApi();
    const { user } = renderApp('/settings/canned-responses');
    expect(await screen.findByRole('heading', { name: 'Canned responses', level: 1 }, { timeout: 5000 })).toBeInTheDocument();
    expect(await screen.findAllByTestId('canned-row')).toHaveLength(2);
    expect(screen.getByText('2 canned responses')).toBeInTheDocument();
    expect(screen.getByText('/where-is-my-order')).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), '/ref');
    await waitFor(() => expect(screen.getAllByTestId('canned-row')).toHaveLength(1));
    expect(screen.getByText('1 canned response')).toBeInTheDocument();
    expect(within(screen.getByTestId('canned-row')).getByText('VIP')).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'nothing like this');
    expect(await screen.findByText('Nothing matches “nothing like this”.')).toBeInTheDocument();
  });

  it('creates one, names a taken shortcut, and deletes one after confirming', async () => {
    const { writes } = cannedApi();
    const { user } = renderApp('/settings/canned-responses');
    await user.click(await screen.findByRole('button', { name: 'New canned response' }, { timeout: 5000 }));
    const form = await screen.findByTestId('canned-form');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(within(form).getByText('Give it a shortcut.')).toBeInTheDocument();
    expect(within(form).getByText('Write the answer.')).toBeInTheDocument();
    expect(writes).toHaveLength(0);

    await user.type(within(form).getByRole('textbox', { name: /Shortcut/ }), '/refund');
    await user.type(within(form).getByRole('textbox', { name: /Title/ }), 'Refunds');
    await user.type(within(form).getByRole('textbox', { name: /^Text/ }), 'We refund within 5 days.');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(await within(form).findByText('The shortcut /refund is taken.')).toBeInTheDocument();
    expect(writes[0]!.body).toEqual({ shortcut: 'refund', title: 'Refunds', body: 'We refund within 5 days.', team_id: null });

    await user.clear(within(form).getByRole('textbox', { name: /Shortcut/ }));
    await user.type(within(form).getByRole('textbox', { name: /Shortcut/ }), 'refund days');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.getAllByTestId('canned-row')).toHaveLength(3));
    expect(writes[1]!.body).toMatchObject({ shortcut: 'refund-days' });

    await user.click(screen.getByRole('button', { name: 'Delete /refund' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete /refund?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(writes.at(-1)).toEqual({ method: 'DELETE', body: 2 }));
  });

  it('lets agents read but not edit', async () => {
    cannedApi();
    server.use(signedIn({ ...demoSession, role: 'agent' }));
    renderApp('/settings');
    expect(await screen.findByRole('heading', { name: 'Canned responses', level: 1 }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/settings/canned-responses');
    expect(await screen.findAllByTestId('canned-row')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'New canned response' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
  });
});
