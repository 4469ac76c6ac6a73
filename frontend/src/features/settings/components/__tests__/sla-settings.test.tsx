import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { Calendar, Policy } from '@/features/settings/types';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const madrid: Calendar = {
  id: 3,
  name: 'Madrid office',
  timezone: 'Europe/Madrid',
  hours: [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
  holiday_country: 'ES',
  holiday_subdivision: 'MD',
  custom_holidays: [{ date: '2026-12-24', name: 'Christmas Eve' }],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const vip: Policy = {
  id: 5,
  name: 'VIP on WhatsApp',
  position: 0,
  is_default: false,
  is_active: true,
  calendar_id: 3,
  conditions: { channel_kinds: ['whatsapp'], priorities: [3], customer_tiers: ['gold'] },
  first_response_seconds: 900,
  first_response_business: true,
  next_response_seconds: null,
  next_response_business: true,
  resolution_seconds: 93600,
  resolution_business: false,
  at_risk_share: 0.8,
  resolution_on_reopen: 'restart',
  escalate_on_at_risk: false,
  escalate_priority: null,
  escalate_team_id: null,
  escalate_notify_id: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const standard: Policy = { ...vip, id: 6, name: 'Standard', position: 1, is_default: true, calendar_id: null, conditions: {} };

function slaApi() {
  const writes: { method: string; url: string; body: unknown }[] = [];
  const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });
  server.use(
    signedIn(),
    http.get('*/api/v1/sla/policies/', () => HttpResponse.json(page([vip, standard]))),
    http.get('*/api/v1/sla/calendars/', () => HttpResponse.json(page([madrid]))),
    http.patch('*/api/v1/sla/policies/:id/', async ({ request }) => {
      const body = (await request.json()) as Partial<Policy>;
      writes.push({ method: 'PATCH', url: request.url, body });
      return HttpResponse.json({ ...vip, ...body });
    }),
    http.post('*/api/v1/sla/calendars/', async ({ request }) => {
      const body = await request.json();
      writes.push({ method: 'POST', url: request.url, body });
      return HttpResponse.json(
        {
          message: 'hours: Weekday 0: windows overlap.',
          code: 'invalid',
          extra: { fields: { hours: ['Weekday 0: windows overlap.'], holiday_country: ["No public holidays known for 'XX'."] } },
        },
        { status: 400 },
      );
    }),
  );
  return { writes };
}

describe('settings › SLA', { timeout: 20_000 }, () => {
  it('lists policies in order with what they apply to and their targets in words', async () => {
    slaApi();
    renderApp('/settings/sla');
    expect(await screen.findByRole('heading', { name: 'SLA', level: 1 }, { timeout: 5000 })).toBeInTheDocument();
    const rows = await screen.findAllByTestId('policy-row');
    expect(within(rows[0]!).getByText('WhatsApp · Urgent · 1 more condition')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('15 min · business hours')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('No target')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('1 d 2 h · around the clock')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Madrid office')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Default')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Cases no other policy matches')).toBeInTheDocument();
  });

  it('edits a policy in minutes and keeps the conditions it does not show', async () => {
    const { writes } = slaApi();
    const { user } = renderApp('/settings/sla');
    await user.click(await screen.findByRole('button', { name: 'Edit VIP on WhatsApp' }, { timeout: 5000 }));
    const form = await screen.findByTestId('policy-form');
    const first = within(form).getByRole('textbox', { name: 'First response (minutes)' });
    expect(first).toHaveValue('15 min');
    await user.clear(first);
    await user.type(first, '30');
    await user.type(within(form).getByRole('textbox', { name: 'Next response (minutes)' }), '60');
    await user.click(within(form).getByRole('checkbox', { name: 'Next response: count business hours only' }));
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]!.body).toMatchObject({
      name: 'VIP on WhatsApp',
      calendar_id: 3,
      conditions: { channel_kinds: ['whatsapp'], priorities: [3], customer_tiers: ['gold'] },
      first_response_seconds: 1800,
      next_response_seconds: 3600,
      next_response_business: false,
      resolution_seconds: 93600,
    });
    expect(await screen.findByText('VIP on WhatsApp saved')).toBeInTheDocument();
  });

  it('edits business hours and shows what the API refused, field by field', async () => {
    const { writes } = slaApi();
    const { user } = renderApp('/settings/sla/calendars');
    const rows = await screen.findAllByTestId('calendar-row', {}, { timeout: 5000 });
    expect(within(rows[0]!).getByText('ES / MD')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('+ 1 own closed date')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New calendar' }));
    const form = await screen.findByTestId('calendar-form');
    await user.type(within(form).getByRole('textbox', { name: /Calendar name/ }), 'Warsaw');
    await user.click(within(form).getByRole('button', { name: 'Add working hours on Monday' }));
    await user.type(within(form).getByRole('textbox', { name: /Country/ }), 'xx');
    await user.click(within(form).getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(writes).toHaveLength(1));
    const body = writes[0]!.body as { name: string; hours: unknown[]; holiday_country: string };
    expect(body.name).toBe('Warsaw');
    expect(body.holiday_country).toBe('XX');
    expect(body.hours).toContainEqual({ weekday: 0, start: '14:00', end: '18:00' });
    expect(await within(form).findByText('Weekday 0: windows overlap.')).toHaveAttribute('role', 'alert');
    expect(within(form).getByText("No public holidays known for 'XX'.")).toBeInTheDocument();
  });
});
