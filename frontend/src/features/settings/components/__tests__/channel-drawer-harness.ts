// Shared by the channel drawer tests: one account served by the API, its PATCHes recorded, and
// its drawer opened from Settings › Channels as a person would.
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import type { ChannelAccount } from '@/features/settings/types';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

/** Serves `account` as the only channel account; returns the bodies of the PATCHes it receives. */
export function channelAccountApi(account: ChannelAccount) {
  const patches: unknown[] = [];
  server.use(
    signedIn(),
    http.get('*/api/v1/channel-accounts/', () => HttpResponse.json({ count: 1, next: null, previous: null, results: [account] })),
    http.patch('*/api/v1/channel-accounts/:id/', async ({ request }) => {
      const body = (await request.json()) as Partial<ChannelAccount>;
      patches.push(body);
      return HttpResponse.json({ ...account, ...body, credentials: account.credentials });
    }),
  );
  return patches;
}

export async function openChannelDrawer(account: ChannelAccount) {
  const rendered = renderApp('/settings/channels');
  await rendered.user.click(await screen.findByRole('button', { name: `Open ${account.name}` }, { timeout: 5000 }));
  return { ...rendered, drawer: await screen.findByTestId('channel-account-drawer') };
}
