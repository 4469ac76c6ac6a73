import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ChannelAccount } from '@/features/settings/types';

import { channelAccountApi, openChannelDrawer } from './channel-drawer-harness';

const mailbox: ChannelAccount = {
  id: 6,
  kind: 'email',
  name: 'Soporte Sol y Mar',
  external_id: 'soporte@solymar.example',
  is_active: true,
  reopen_window: 604800,
  email_subject_threading: true,
  default_team_id: null,
  credentials: { inbound_secret: '••••cret' },
  setup: {
    webhook_url: 'https://dialogo.example/webhooks/email/6/',
    instructions: 'POST raw messages…',
    secret_header: 'X-Dialogo-Webhook-Secret',
    secret: 'demo-inbound-secret',
  },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('settings › channels › email inbound format', { timeout: 20_000 }, () => {
  it('switches a raw mailbox to Mailgun, asking for its signing key only then', async () => {
    const patches = channelAccountApi(mailbox);
    const { user, drawer } = await openChannelDrawer(mailbox);
    expect(within(drawer).getByText(/POST raw messages \(MIME\)/)).toBeInTheDocument();
    expect(within(drawer).getByText('Now: Raw message (our webhook, default)')).toBeInTheDocument();
    expect(within(drawer).queryByLabelText('Mailgun HTTP webhook signing key')).not.toBeInTheDocument();

    await user.click(within(drawer).getAllByLabelText(/Received from/)[0]!);
    await user.click(await screen.findByRole('option', { name: 'Mailgun (route forward)' }));
    const key = within(drawer).getByLabelText('Mailgun HTTP webhook signing key');
    expect(key).toHaveAttribute('type', 'password');
    await user.type(key, 'key-3ax6');
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    await waitFor(() =>
      expect(patches).toEqual([{ credentials: { inbound_format: 'mailgun', mailgun_signing_key: 'key-3ax6' } }]),
    );
  });

  it('shows a Mailgun mailbox its /mime URL and the route to create', async () => {
    channelAccountApi({
      ...mailbox,
      credentials: { inbound_format: 'mailgun', inbound_secret: '••••cret', mailgun_signing_key: '••••ol0x' },
      setup: { webhook_url: 'https://dialogo.example/webhooks/email/6/mime', instructions: 'In Mailgun…' },
    });
    const { drawer } = await openChannelDrawer(mailbox);
    expect(within(drawer).getByTestId('webhook-url')).toHaveValue('https://dialogo.example/webhooks/email/6/mime');
    expect(within(drawer).getByText(/open Receiving › Routes and create a route/)).toBeInTheDocument();
    expect(within(drawer).queryByText('Secret header')).not.toBeInTheDocument();
    expect(within(drawer).getByLabelText('Mailgun HTTP webhook signing key')).toBeInTheDocument();
    expect(within(drawer).getByText('Now: ••••ol0x')).toBeInTheDocument();
  });

  it('gives a SendGrid mailbox the URL carrying the secret, hidden until shown', async () => {
    channelAccountApi({
      ...mailbox,
      credentials: { inbound_format: 'sendgrid', inbound_secret: '••••cret' },
      setup: {
        ...mailbox.setup,
        webhook_url_with_secret: 'https://dialogo:demo-inbound-secret@dialogo.example/webhooks/email/6/',
        instructions: 'In SendGrid…',
      },
    });
    const { drawer } = await openChannelDrawer(mailbox);
    const url = within(drawer).getByTestId('webhook-url-with-secret');
    expect(url).toHaveAttribute('type', 'password');
    expect(url).toHaveValue('https://dialogo:demo-inbound-secret@dialogo.example/webhooks/email/6/');
    expect(within(drawer).getByText(/open Settings › Inbound Parse/)).toBeInTheDocument();
    expect(within(drawer).queryByLabelText('Mailgun HTTP webhook signing key')).not.toBeInTheDocument();
  });
});
