import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { TaggingRule } from '@/features/settings/types';
import { demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const refunds: TaggingRule = {
  id: 1,
  name: 'Refund requests',
  is_active: true,
  channel_kinds: ['whatsapp', 'instagram'],
  keywords: ['refund', 'money back'],
  languages: ['es'],
  tags: ['refund-risk'],
  tag_case: true,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

function taggingApi() {
  const writes: { method: string; url: string; body: unknown }[] = [];
  let rules = [refunds];
  const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });
  server.use(
    signedIn(),
    http.get('*/api/v1/tagging-rules/', () => HttpResponse.json(page(rules))),
    http.post('*/api/v1/tagging-rules/', async ({ request }) => {
      const body = (await request.json()) as TaggingRule;
      writes.push({ method: 'POST', url: request.url, body });
      const created = { ...refunds, ...body, id: 2 };
      rules = [...rules, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch('*/api/v1/tagging-rules/:id/', async ({ request, params }) => {
      const body = (await request.json()) as Partial<TaggingRule>;
      writes.push({ method: 'PATCH', url: request.url, body });
      rules = rules.map((rule) => (rule.id === Number(params.id) ? { ...rule, ...body } : rule));
      return HttpResponse.json(rules.find((rule) => rule.id === Number(params.id)));
    }),
  );
  return { writes };
}

describe('settings › tagging rules', { timeout: 20_000 }, () => {
  it('lists each rule with its conditions and tags in words', async () => {
    taggingApi();
    renderApp('/settings/tagging-rules');
    expect(await screen.findByRole('heading', { name: 'Tagging rules', level: 1 }, { timeout: 5000 })).toBeInTheDocument();
    const row = await screen.findByTestId('rule-row');
    expect(within(row).getByText('writes “refund”, “money back”')).toBeInTheDocument();
    expect(within(row).getByText('on WhatsApp, Instagram')).toBeInTheDocument();
    expect(within(row).getByText('in Spanish')).toBeInTheDocument();
    expect(within(row).getByText('refund-risk')).toBeInTheDocument();
    expect(within(row).getByText('to the customer and the case')).toBeInTheDocument();
  });

  it('turns a rule off from the list', async () => {
    const { writes } = taggingApi();
    const { user } = renderApp('/settings/tagging-rules');
    await user.click(await screen.findByRole('switch', { name: 'Refund requests is active' }, { timeout: 5000 }));
    await waitFor(() => expect(writes).toEqual([expect.objectContaining({ method: 'PATCH', body: { is_active: false } })]));
    await waitFor(() => expect(screen.getByRole('switch', { name: 'Refund requests is active' })).not.toBeChecked());
  });

  it('creates a rule, refusing one without a condition or a tag', async () => {
    const { writes } = taggingApi();
    const { user } = renderApp('/settings/tagging-rules');
    await user.click(await screen.findByRole('button', { name: 'New rule' }, { timeout: 5000 }));
    const form = await screen.findByTestId('rule-form');
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'Gold members');
    await user.click(within(form).getByRole('button', { name: 'Create' }));
    expect(within(form).getByText('Add at least one tag.')).toBeInTheDocument();
    expect(within(form).getByText('Give keywords, or pick channels or languages.')).toBeInTheDocument();
    expect(writes).toHaveLength(0);

    await user.type(within(form).getByRole('combobox', { name: /Keywords/ }), 'gold member{Enter}');
    await user.type(within(form).getByRole('combobox', { name: /^Tags/ }), 'Tier:Gold{Enter}');
    await user.click(within(form).getByRole('checkbox', { name: /Also tag the case/ }));
    await user.click(within(form).getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]!.body).toEqual({
      name: 'Gold members',
      is_active: true,
      keywords: ['gold member'],
      channel_kinds: [],
      languages: [],
      tags: ['tier:gold'],
      tag_case: true,
    });
    await waitFor(() => expect(screen.getAllByTestId('rule-row')).toHaveLength(2));
    expect(await screen.findByText('Gold members saved')).toBeInTheDocument();
  });

  it('is for admins only', async () => {
    server.use(signedIn({ ...demoSession, role: 'supervisor' }));
    renderApp('/settings/tagging-rules');
    expect(await screen.findByTestId('admins-only', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByTestId('tagging-settings')).not.toBeInTheDocument();
  });
});
