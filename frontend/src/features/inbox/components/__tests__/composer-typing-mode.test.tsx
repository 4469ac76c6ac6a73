import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { CaseDetail } from '@/features/inbox/types';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

const at = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

const webchatCase = {
  id: 1,
  status: 'open',
  priority: 1,
  subject: '',
  assignee_id: null,
  assignee: null,
  team_id: null,
  tags: [],
  customer: { id: 1, display_name: 'Visitor 3f2a1b', avatar_url: '', language: 'es' },
  channel_account_id: 1,
  channel_account: { id: 1, name: 'Shop chat', kind: 'webchat' },
  channel_kind: 'webchat',
  last_message_preview: '',
  last_message_at: at(-5),
  waiting_since: null,
  opened_at: at(-60),
  snoozed_until: null,
  sla: null,
  messages: [],
  timeline: [],
  reply_window: { policy: 'unrestricted', closes_at: null },
} as unknown as CaseDetail;

function typingFrames(sent: Record<string, unknown>[]) {
  return sent.filter((frame) => frame.type === 'typing').map(({ is_typing, mode }) => ({ is_typing, mode }));
}

describe('composer: what the typing frames say', { timeout: 20_000 }, () => {
  it('says reply while a reply is written and note as soon as it becomes a note', async () => {
    server.use(signedIn(), http.get('*/api/v1/cases/1/', () => HttpResponse.json(webchatCase)));
    const realtime = createFakeRealtime();
    const user = userEvent.setup();
    renderApp('/inbox/all/1', { realtime });
    const composer = await screen.findByTestId('composer', {}, { timeout: 5000 });
    const input = within(composer).getByTestId('composer-input');

    await user.type(input, 'Hola, ');
    // Throttled: one frame for the burst of keys, marked as a reply (the customer may see it).
    expect(typingFrames(realtime.sent)).toEqual([{ is_typing: true, mode: 'reply' }]);

    // Switching to a note stops the reply typing and says "note" at once, not at the next key.
    await user.click(within(composer).getByText('Note'));
    await waitFor(() =>
      expect(typingFrames(realtime.sent)).toEqual([
        { is_typing: true, mode: 'reply' },
        { is_typing: false, mode: 'reply' },
        { is_typing: true, mode: 'note' },
      ]),
    );
    await user.type(input, 'el cliente ya pagó');
    expect(typingFrames(realtime.sent).slice(3).every((frame) => frame.mode === 'note')).toBe(true);

    // Back to a reply: said at once too.
    await user.click(within(composer).getByText('Reply'));
    await waitFor(() => expect(typingFrames(realtime.sent).at(-1)).toEqual({ is_typing: true, mode: 'reply' }));
  });
});
