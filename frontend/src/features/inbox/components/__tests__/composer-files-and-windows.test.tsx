import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { CaseDetail, ReplyWindow } from '@/features/inbox/types';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

const at = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

function detail(replyWindow: ReplyWindow, kind = 'messenger'): CaseDetail {
  return {
    id: 1,
    status: 'open',
    priority: 1,
    subject: '',
    assignee_id: null,
    assignee: null,
    team_id: null,
    tags: [],
    customer: { id: 1, display_name: 'Lucía Fernández', avatar_url: '', language: 'es' },
    channel_account_id: 1,
    channel_account: { id: 1, name: 'Acme', kind },
    channel_kind: kind,
    last_message_preview: '',
    last_message_at: at(-5),
    waiting_since: null,
    opened_at: at(-60),
    snoozed_until: null,
    sla: null,
    messages: [],
    timeline: [],
    reply_window: replyWindow,
  } as CaseDetail;
}

async function openCase(replyWindow: ReplyWindow, kind?: string) {
  const sent: unknown[] = [];
  const uploaded: string[] = [];
  server.use(
    signedIn(),
    http.get('*/api/v1/cases/1/', () => HttpResponse.json(detail(replyWindow, kind))),
    http.post('*/api/v1/cases/1/uploads/', async ({ request }) => {
      // jsdom's File reaches the handler without its name or bytes (jsdom and undici disagree
      // on Blob); its part's Content-Type survives, so that tells the files apart here.
      const body = await request.text();
      const type = /Content-Type: (\S+)/i.exec(body)?.[1] ?? '';
      const name = type === 'video/quicktime' ? 'huge.mov' : 'factura.pdf';
      uploaded.push(name);
      if (name === 'huge.mov') {
        return HttpResponse.json({ message: 'The file is larger than the 25 MB the channels accept.', code: 'file_too_large' }, { status: 400 });
      }
      return HttpResponse.json({ id: 70 + uploaded.length, name, mime_type: type, size_bytes: 8, created_at: at(0) }, { status: 201 });
    }),
    http.post('*/api/v1/cases/1/reply/', async ({ request }) => {
      const body = await request.json();
      sent.push(body);
      return HttpResponse.json({ id: 900, case_id: 1, direction: 'out', kind: 'public', author: null, text: 'x', status: 'queued', received_at: at(0), attachments: [] }, { status: 201 });
    }),
  );
  const user = userEvent.setup();
  renderApp('/inbox/all/1', { realtime: createFakeRealtime() });
  const composer = await screen.findByTestId('composer', {}, { timeout: 5000 });
  return { user, composer, sent, uploaded };
}

describe('composer: files, emoji and the channel’s window', { timeout: 20_000 }, () => {
  it('uploads picked files at once and sends their ids with the reply', async () => {
    const { user, composer, sent, uploaded } = await openCase({ policy: 'open', closes_at: at(600) });
    const input = within(composer).getByTestId('composer-file-input') as HTMLInputElement;
    await user.upload(input, [
      new File(['%PDF-1.7'], 'factura.pdf', { type: 'application/pdf' }),
      new File(['x'], 'huge.mov', { type: 'video/quicktime' }),
    ]);
    const files = await within(composer).findByTestId('composer-files');
    await waitFor(() => expect(files).toHaveTextContent('The file is larger than the 25 MB the channels accept.'), { timeout: 5000 });
    expect(uploaded).toEqual(['factura.pdf', 'huge.mov']);
    // The failed one is removed by the agent; the good one goes with the message.
    await user.click(within(files).getByRole('button', { name: 'Remove huge.mov' }));
    await user.type(within(composer).getByTestId('composer-input'), 'Aquí tienes');
    await user.click(within(composer).getByTestId('composer-send'));
    await waitFor(() => expect(sent).toEqual([{ text: 'Aquí tienes', upload_ids: [71] }]));
    expect(within(composer).queryByTestId('composer-files')).not.toBeInTheDocument();
  });

  it('inserts an emoji where the cursor is', async () => {
    const { user, composer } = await openCase({ policy: 'unrestricted', closes_at: null }, 'telegram');
    const input = within(composer).getByTestId('composer-input') as HTMLTextAreaElement;
    await user.type(input, 'Gracias');
    await user.click(within(composer).getByTestId('composer-emoji'));
    await user.click(await screen.findByRole('option', { name: '🙏' }));
    await waitFor(() => expect(input).toHaveValue('Gracias🙏'));
    expect(within(composer).queryByTestId('reply-window')).not.toBeInTheDocument(); // Telegram has no window
  });

  it('says when the free window closes', async () => {
    const open = await openCase({ policy: 'open', closes_at: at(90) });
    expect(within(open.composer).getByTestId('reply-window')).toHaveTextContent(/Messaging window open · closes in (1|2) hr/);
  });

  it('blocks a reply when Meta’s 7 days are over, but not a note', async () => {
    const { user, composer } = await openCase({ policy: 'closed', closes_at: null });
    expect(within(composer).getByTestId('reply-window')).toHaveTextContent('You can reply again once the customer writes');
    await user.type(within(composer).getByTestId('composer-input'), 'Hola');
    expect(within(composer).getByTestId('composer-send')).toBeDisabled();
    await user.click(within(composer).getByText('Note'));
    expect(within(composer).getByTestId('composer-send')).toBeEnabled();
  });

  it('offers an approved template when WhatsApp’s 24 hours are over', async () => {
    const { user, composer, sent } = await openCase({ policy: 'template_only', closes_at: null }, 'whatsapp');
    expect(within(composer).getByTestId('reply-window')).toHaveTextContent('only an approved template');
    const form = within(composer).getByTestId('template-form');
    await user.type(within(form).getByLabelText(/Template name/), 'Order Update');
    expect(within(form).getByText(/Lowercase letters, digits and _ only/)).toBeInTheDocument();
    await user.clear(within(form).getByLabelText(/Template name/));
    await user.type(within(form).getByLabelText(/Template name/), 'order_update');
    expect(within(form).getByLabelText(/Language/)).toHaveValue('es'); // the customer's
    await user.type(within(form).getByRole('combobox', { name: /placeholders/ }), '48213{Enter}');
    await user.click(within(form).getByTestId('template-send'));
    await waitFor(() =>
      expect(sent).toEqual([
        { text: '[Template order_update] 48213', template: { name: 'order_update', language: 'es', parameters: ['48213'] } },
      ]),
    );
  });
});
