import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { CaseDetail, CaseRow } from '@/features/inbox/types';
import { demoMembers, demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const row: CaseRow = {
  id: 1,
  status: 'open',
  priority: 1,
  subject: '',
  assignee_id: null,
  team_id: null,
  tags: [],
  customer: { id: 7, display_name: 'Lucía Fernández', avatar_url: '' },
  channel_account_id: 1,
  channel_kind: 'whatsapp',
  last_message_preview: 'Hola',
  last_message_at: new Date(Date.now() - 60_000).toISOString(),
  waiting_since: null,
  opened_at: new Date(Date.now() - 600_000).toISOString(),
  snoozed_until: null,
  sla: null,
};

const duplicate = {
  customer: {
    id: 9,
    display_name: 'Lucia F.',
    avatar_url: '',
    email: 'lucia@example.com',
    phone: '+34600111222',
    channels: ['instagram'],
  },
  reasons: ['same_email', 'same_phone'],
};

function api({ role = 'admin' }: { role?: 'admin' | 'agent' } = {}) {
  let merged = false;
  const merges: unknown[] = [];
  const identities = () => [
    { id: 1, channel_kind: 'whatsapp', external_id: '+34600111222' },
    ...(merged ? [{ id: 2, channel_kind: 'instagram', external_id: '1789', username: 'lucia.f' }] : []),
  ];
  const detail = (): CaseDetail => ({
    ...row,
    customer: { ...row.customer, email: 'lucia@example.com', phone: '+34600111222', language: 'es', tags: [], follower_count: null, identities: identities() },
    assignee: null,
    team: null,
    channel_account: { id: 1, name: 'WhatsApp Business' },
    messages: [],
    timeline: [],
  });
  const members = { ...demoMembers, results: demoMembers.results.map((m) => (m.id === 11 ? { ...m, role } : m)) };
  server.use(
    signedIn({ ...demoSession, role }),
    http.get('*/api/v1/members/', () => HttpResponse.json(members)),
    http.get('*/api/v1/cases/', () => HttpResponse.json({ next: null, previous: null, results: [row] })),
    http.get('*/api/v1/cases/:id/', () => HttpResponse.json(detail())),
    http.get('*/api/v1/customers/7/merge-suggestions/', () => HttpResponse.json(merged ? [] : [duplicate])),
    http.post('*/api/v1/customers/7/merge/', async ({ request }) => {
      merges.push(await request.json());
      merged = true;
      return HttpResponse.json({ customer: detail().customer, merged_customer_id: 9, moved_identity_ids: [2], moved_case_count: 3 });
    }),
  );
  return { merges };
}

describe('customer panel: likely duplicates', { timeout: 20_000 }, () => {
  it('shows who may be the same person and why, merges after a confirmation, and the panel follows', async () => {
    const { merges } = api();
    const { user } = renderApp('/inbox/all/1');
    const panel = (await screen.findAllByTestId('customer-panel'))[0]!;
    const suggestion = await within(panel).findByTestId('merge-suggestion');
    expect(suggestion).toHaveTextContent('Lucia F.');
    expect(suggestion).toHaveTextContent('Same email');
    expect(suggestion).toHaveTextContent('Same phone');
    expect(within(suggestion).getAllByTestId('merge-reason-value').map((line) => line.textContent)).toEqual([
      'lucia@example.com',
      '+34600111222',
    ]);

    await user.click(within(suggestion).getByRole('button', { name: 'Merge Lucia F. into this customer' }));
    const dialog = await screen.findByRole('dialog', { name: 'Merge customers?' });
    expect(dialog).toHaveTextContent('Lucia F. will be merged into Lucía Fernández');
    // Cancelling merges nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(merges).toEqual([]);

    await user.click(within(suggestion).getByRole('button', { name: 'Merge Lucia F. into this customer' }));
    await user.click(await screen.findByTestId('merge-confirm'));
    await waitFor(() => expect(merges).toEqual([{ source_id: 9 }]));
    expect(await within(panel).findByTestId('merge-done')).toHaveTextContent('Lucia F. merged here: 3 cases moved.');
    // The merged customer's channel is now this customer's; the suggestion is gone.
    await waitFor(() => expect(within(panel).getByTestId('customer-identities')).toHaveTextContent('@lucia.f'));
    expect(within(panel).queryByTestId('merge-suggestion')).not.toBeInTheDocument();
  });

  it('lets agents see the duplicates but leaves merging to supervisors', async () => {
    api({ role: 'agent' });
    renderApp('/inbox/all/1');
    const panel = (await screen.findAllByTestId('customer-panel'))[0]!;
    const suggestion = await within(panel).findByTestId('merge-suggestion');
    await within(panel).findByText('A supervisor or admin can merge them.');
    expect(within(suggestion).queryByRole('button')).not.toBeInTheDocument();
  });
});
