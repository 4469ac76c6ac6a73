import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { ChannelKind } from '@/config/channels';
import type { ChannelAccount, InboundEvent, InboundEventDetail } from '@/features/settings/types';
import { demoSession } from '@/testing/mocks/data';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

const telegram: ChannelAccount = {
  id: 4,
  kind: 'telegram',
  name: '@DialogoCafeBot',
  external_id: '7012345678',
  is_active: true,
  reopen_window: 604800,
  email_subject_threading: true,
  default_team_id: null,
  credentials: { bot_token: '••••oken', secret_token: '••••cret' },
  setup: {
    webhook_url: 'https://dialogo.example/webhooks/telegram/4/',
    instructions: 'Call setWebhook…',
    secret_header: 'X-Telegram-Bot-Api-Secret-Token',
    secret: 'demo-telegram-secret',
  },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const messenger: ChannelAccount = {
  ...telegram,
  id: 1,
  kind: 'messenger',
  name: 'Dialogo Café — Facebook',
  external_id: '100200300400500',
  is_active: false,
  credentials: { app_secret: '••••cret', page_access_token: '••••oken', verify_token: 'demo-verify-token' },
  setup: {
    webhook_url: 'https://dialogo.example/webhooks/messenger/1/',
    verify_token: 'demo-verify-token',
    instructions: 'In the Meta App Dashboard…',
  },
};

const events: InboundEvent[] = [
  {
    id: 13,
    channel_account: 4,
    kind: 'telegram',
    status: 'rejected',
    received_at: '2026-01-01T12:00:05Z',
    attempts: 0,
    next_attempt_at: null,
    processed_at: null,
    error: 'X-Telegram-Bot-Api-Secret-Token does not match',
    outcome: {},
    size_bytes: 416,
  },
  {
    id: 12,
    channel_account: 4,
    kind: 'telegram',
    status: 'dead',
    received_at: '2026-01-01T12:00:00Z',
    attempts: 8,
    next_attempt_at: null,
    processed_at: null,
    error: 'database unavailable',
    outcome: {},
    size_bytes: 576,
  },
];
const deadDetail: InboundEventDetail = {
  ...events[1]!,
  headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'demo-telegram-secret' },
  query_string: '',
  body_text: '{"update_id":718293650,"message":{"text":"Hola"}}',
  body_base64: '',
};

function settingsApi() {
  const patches: unknown[] = [];
  const created: unknown[] = [];
  const listQueries: string[] = [];
  let reprocessed = 0;
  let accounts = [telegram, messenger];
  server.use(
    signedIn(),
    http.get('*/api/v1/channel-accounts/', () => HttpResponse.json({ count: accounts.length, next: null, previous: null, results: accounts })),
    http.patch('*/api/v1/channel-accounts/:id/', async ({ request, params }) => {
      const body = (await request.json()) as Partial<ChannelAccount>;
      patches.push(body);
      const account = accounts.find((a) => a.id === Number(params.id))!;
      const updated = { ...account, ...body, credentials: account.credentials };
      accounts = accounts.map((a) => (a.id === updated.id ? updated : a));
      return HttpResponse.json(updated);
    }),
    http.post('*/api/v1/channel-accounts/', async ({ request }) => {
      const body = (await request.json()) as { kind: ChannelKind; name: string; external_id: string };
      created.push(body);
      const account: ChannelAccount = {
        ...telegram,
        id: 9,
        kind: body.kind,
        name: body.name,
        external_id: body.external_id,
        credentials: {},
        setup: { webhook_url: 'https://dialogo.example/webhooks/whatsapp/9/', verify_token: '', instructions: '' },
      };
      accounts = [...accounts, account];
      return HttpResponse.json(account, { status: 201 });
    }),
    http.get('*/api/v1/inbound-events/', ({ request }) => {
      const status = new URL(request.url).searchParams.get('status');
      listQueries.push(new URL(request.url).search);
      const results = status ? events.filter((event) => event.status === status) : events;
      return HttpResponse.json({ count: results.length, next: null, previous: null, results });
    }),
    http.get('*/api/v1/inbound-events/12/', () => HttpResponse.json(deadDetail)),
    http.post('*/api/v1/inbound-events/12/reprocess/', () => {
      reprocessed += 1;
      return HttpResponse.json({ ...events[1], status: 'pending', attempts: 0 }, { status: 202 });
    }),
  );
  return { patches, created, listQueries, reprocessed: () => reprocessed };
}

describe('settings › channels', { timeout: 20_000 }, () => {
  it('is reached from the navigation and lists the accounts with kind, name and state', async () => {
    settingsApi();
    const { user } = renderApp('/inbox');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    await user.click(within(nav).getByRole('link', { name: /settings/i }));

    expect(await screen.findByRole('heading', { name: 'Channels', level: 1 }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/settings/channels');
    const rows = await screen.findAllByTestId('channel-account-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('img', { name: 'Telegram' })).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Active')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Dialogo Café — Facebook')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Inactive')).toBeInTheDocument();
  });

  it('tells a non-admin that settings are for admins', async () => {
    server.use(signedIn({ ...demoSession, role: 'agent' }));
    renderApp('/settings/channels');
    expect(await screen.findByTestId('admins-only', {}, { timeout: 5000 })).toHaveTextContent(
      'Only admins can change settings',
    );
    expect(screen.queryByTestId('channel-settings')).not.toBeInTheDocument();
  });

  it('shows what to paste into the platform, and saves only the credentials filled in', async () => {
    const { patches } = settingsApi();
    const { user } = renderApp('/settings/channels');
    await user.click(await screen.findByRole('button', { name: 'Open Dialogo Café — Facebook' }, { timeout: 5000 }));

    const drawer = await screen.findByTestId('channel-account-drawer');
    expect(within(drawer).getByLabelText('Webhook URL')).toHaveValue('https://dialogo.example/webhooks/messenger/1/');
    expect(within(drawer).getByTestId('verify-token')).toHaveValue('demo-verify-token');
    expect(within(drawer).getByRole('button', { name: 'Copy the Webhook URL' })).toBeInTheDocument();
    expect(within(drawer).getByText(/open Messenger › Webhooks/)).toBeInTheDocument();
    expect(within(drawer).getByText('Now: ••••oken')).toBeInTheDocument();

    const token = within(drawer).getByLabelText('Page access token');
    expect(token).toHaveAttribute('type', 'password');
    await user.type(token, 'EAAG-new-token');
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    await waitFor(() => expect(patches).toEqual([{ credentials: { page_access_token: 'EAAG-new-token' } }]));
    expect(await screen.findByText('Credentials saved')).toBeInTheDocument();
    expect(token).toHaveValue('');

    // Nothing typed: nothing sent, and the admin is told why.
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    expect(within(drawer).getByText('Fill in at least one field to change it.')).toHaveAttribute('role', 'alert');
    expect(patches).toHaveLength(1);

    await user.click(within(drawer).getByRole('switch', { name: /Receives messages/ }));
    await waitFor(() => expect(patches).toContainEqual({ is_active: true }));
  });

  it('routes a channel’s new cases to a team', async () => {
    const { patches } = settingsApi();
    server.use(
      http.get('*/api/v1/teams/', () =>
        HttpResponse.json({ count: 1, next: null, previous: null, results: [{ id: 4, name: 'Social care', member_ids: [] }] }),
      ),
    );
    const { user } = renderApp('/settings/channels');
    await user.click(await screen.findByRole('button', { name: 'Open Dialogo Café — Facebook' }, { timeout: 5000 }));
    const drawer = await screen.findByTestId('channel-account-drawer');
    await user.click(within(drawer).getAllByLabelText(/Team for new cases/)[0]!);
    await user.click(await screen.findByRole('option', { name: 'Social care' }));
    await waitFor(() => expect(patches).toEqual([{ default_team_id: 4 }]));
  });

  it('connects a new channel and opens it to show its webhook URL', async () => {
    const { created } = settingsApi();
    const { user } = renderApp('/settings/channels');
    await user.click(await screen.findByRole('button', { name: 'Connect a channel' }, { timeout: 5000 }));
    const form = await screen.findByTestId('create-channel-form');
    await user.click(within(form).getByRole('button', { name: 'Connect' }));
    expect(within(form).getByText('Give the account a name.')).toBeInTheDocument();

    await user.click(within(form).getByRole('combobox', { name: 'Channel' }));
    await user.click(await screen.findByRole('option', { name: /WhatsApp/ }));
    await user.type(within(form).getByRole('textbox', { name: /^Name/ }), 'WhatsApp +34 600');
    await user.type(within(form).getByRole('textbox', { name: /Account id on the platform/ }), '106540352242922');
    await user.click(within(form).getByRole('button', { name: 'Connect' }));

    await waitFor(() => expect(created).toEqual([{ kind: 'whatsapp', name: 'WhatsApp +34 600', external_id: '106540352242922' }]));
    const drawer = await screen.findByTestId('channel-account-drawer');
    expect(within(drawer).getByLabelText('Webhook URL')).toHaveValue('https://dialogo.example/webhooks/whatsapp/9/');
    expect(screen.getByTestId('location')).toHaveTextContent('/settings/channels?account=9');
  });

  it('lists webhooks with their status, filters by status, and reprocesses a dead one after confirming', async () => {
    const api = settingsApi();
    const { user } = renderApp('/settings/channels/webhook-log');
    const log = await screen.findByTestId('webhook-log', {}, { timeout: 5000 });
    const rows = within(log).getAllByTestId('inbound-event-row');
    expect(rows.map((row) => row.getAttribute('data-status'))).toEqual(['rejected', 'dead']);
    expect(within(rows[0]!).getByText('Rejected')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('@DialogoCafeBot')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('X-Telegram-Bot-Api-Secret-Token does not match')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Dead' }));
    await waitFor(() => expect(within(screen.getByTestId('webhook-log')).getAllByTestId('inbound-event-row')).toHaveLength(1));
    expect(api.listQueries.at(-1)).toContain('status=dead');
    expect(screen.getByTestId('location')).toHaveTextContent('/settings/channels/webhook-log?status=dead');

    await user.click(screen.getByRole('row', { name: 'Open webhook #12' }));
    const drawer = await screen.findByTestId('inbound-event-drawer');
    expect(within(drawer).getByTestId('inbound-event-headers')).toHaveTextContent('content-typeapplication/json');
    expect(within(drawer).getByTestId('inbound-event-body')).toHaveTextContent('"text": "Hola"');
    expect(within(drawer).getByTestId('inbound-event-error')).toHaveTextContent('database unavailable');

    await user.click(within(drawer).getByRole('button', { name: 'Reprocess' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reprocess webhook #12?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reprocess' }));
    await waitFor(() => expect(api.reprocessed()).toBe(1));
    expect(await screen.findByText('Webhook #12 is queued to be processed again.')).toBeInTheDocument();
  });

  it('offers no reprocessing for a rejected request', async () => {
    settingsApi();
    server.use(
      http.get('*/api/v1/inbound-events/13/', () =>
        HttpResponse.json({ ...events[0], headers: {}, query_string: '', body_text: '', body_base64: '' }),
      ),
    );
    renderApp('/settings/channels/webhook-log?event=13');
    const drawer = await screen.findByTestId('inbound-event-drawer', {}, { timeout: 5000 });
    expect(within(drawer).getByText('Empty body')).toBeInTheDocument();
    expect(within(drawer).queryByRole('button', { name: 'Reprocess' })).not.toBeInTheDocument();
  });
});
