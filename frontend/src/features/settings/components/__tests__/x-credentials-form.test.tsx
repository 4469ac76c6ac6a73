import { waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { ChannelAccount } from '@/features/settings/types';
import { server } from '@/testing/mocks/server';

import { channelAccountApi, openChannelDrawer } from './channel-drawer-harness';

const x: ChannelAccount = {
  id: 5,
  kind: 'x',
  name: 'Dialogo Café on X',
  external_id: '1450283746512093184',
  is_active: true,
  reopen_window: 604800,
  email_subject_threading: true,
  default_team_id: null,
  credentials: { access_token: '••••oken', consumer_secret: '••••cret' },
  setup: { webhook_url: 'https://dialogo.example/webhooks/x/5/', instructions: 'Register this URL…' },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('settings › channels › X credentials', { timeout: 20_000 }, () => {
  it('switches an OAuth 2.0 account to OAuth 1.0a keys, asking for the keys it lacks', async () => {
    const patches = channelAccountApi(x);
    const { user, drawer } = await openChannelDrawer(x);
    const choice = within(drawer).getByTestId('x-auth');
    expect(within(choice).getByRole('radio', { name: 'OAuth 2.0 token' })).toBeChecked();
    expect(within(drawer).queryByLabelText('Access token secret')).not.toBeInTheDocument();

    await user.click(within(choice).getByRole('radio', { name: 'OAuth 1.0a keys' }));
    expect(within(drawer).getByText(/Every request is signed/)).toBeInTheDocument();
    const key = within(drawer).getByLabelText('Consumer key (API key)');
    expect(key).toHaveAttribute('type', 'password');
    await user.type(key, 'xvz1evFS4wEEPTGEFPHBog');
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    // The stored OAuth 2.0 token is no OAuth 1.0a token, and the token secret is not stored yet.
    expect(within(drawer).getAllByText('Required with OAuth 1.0a.')).toHaveLength(2);
    expect(patches).toEqual([]);

    await user.type(within(drawer).getByLabelText('Access token'), '1450283746512093184-GmHx');
    await user.type(within(drawer).getByLabelText('Access token secret'), 'LswwdoUa');
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    await waitFor(() =>
      expect(patches).toEqual([
        {
          credentials: {
            consumer_key: 'xvz1evFS4wEEPTGEFPHBog',
            access_token: '1450283746512093184-GmHx',
            access_token_secret: 'LswwdoUa',
          },
        },
      ]),
    );
  });

  it('goes back to an OAuth 2.0 token, clearing the OAuth 1.0a-only keys', async () => {
    const patches = channelAccountApi({
      ...x,
      credentials: { ...x.credentials, consumer_key: '••••gKey', access_token_secret: '••••5kE' },
    });
    const { user, drawer } = await openChannelDrawer(x);
    const choice = within(drawer).getByTestId('x-auth');
    expect(within(choice).getByRole('radio', { name: 'OAuth 1.0a keys' })).toBeChecked();

    await user.click(within(choice).getByRole('radio', { name: 'OAuth 2.0 token' }));
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    expect(within(drawer).getByText('Give the OAuth 2.0 access token.')).toBeInTheDocument();

    await user.type(within(drawer).getByLabelText('Access token'), 'bearer-token');
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    await waitFor(() =>
      expect(patches).toEqual([{ credentials: { access_token: 'bearer-token', consumer_key: '', access_token_secret: '' } }]),
    );
  });

  it('puts the server’s answer next to the field it names', async () => {
    channelAccountApi(x);
    server.use(
      http.patch('*/api/v1/channel-accounts/:id/', () =>
        HttpResponse.json(
          {
            message: 'X OAuth 1.0a needs all four of consumer_key, consumer_secret, access_token, access_token_secret; missing: consumer_secret.',
            code: 'x_credentials_incomplete',
            extra: { auth: 'oauth1', missing: ['consumer_secret'], fields: { 'credentials.consumer_secret': ['Required with OAuth 1.0a.'] } },
          },
          { status: 400 },
        ),
      ),
    );
    const { user, drawer } = await openChannelDrawer(x);
    await user.type(within(drawer).getByLabelText('Access token'), 'another-token');
    await user.click(within(drawer).getByRole('button', { name: 'Save credentials' }));
    expect(await within(drawer).findByText('Required with OAuth 1.0a.')).toBeInTheDocument();
    expect(within(drawer).getByText(/missing: consumer_secret/)).toBeInTheDocument();
  });
});
