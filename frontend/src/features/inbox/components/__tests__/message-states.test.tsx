import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { CaseDetail, Message } from '@/features/inbox/types';
import { signedIn } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { createFakeRealtime, renderApp } from '@/testing/test-utils';

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

function message(overrides: Partial<Message> & { id: number }): Message {
  return {
    case_id: 1,
    direction: 'in',
    kind: 'public',
    author: null,
    text: '',
    status: 'received',
    sent_at: at(30 - overrides.id),
    received_at: at(30 - overrides.id),
    ...overrides,
  };
}

const messages: Message[] = [
  message({ id: 1, text: 'Here is the receipt', attachments: [
    { id: 31, kind: 'image', url: '/api/v1/attachments/31/', original_url: 'https://cdn.example/p.jpg', mime_type: 'image/jpeg', name: 'receipt.jpg', size_bytes: 48_000, fetch_status: 'stored' },
    { id: 32, kind: 'file', url: '/api/v1/attachments/32/', original_url: 'https://cdn.example/f', mime_type: 'application/pdf', name: 'invoice.pdf', size_bytes: 1_572_864, fetch_status: 'stored' },
    { kind: 'location', url: 'geo:40.4168,-3.7038', name: 'Puerta del Sol' },
  ] }),
  message({ id: 2, text: 'I meant order 4512', edited_at: at(20), reaction: '👍' }),
  message({ id: 3, text: '', deleted_at: at(19) }),
  message({ id: 4, direction: 'out', author: { id: 11, name: 'Ana García' }, text: 'Checking now', status: 'sent' }),
  message({
    id: 5,
    direction: 'out',
    author: { id: 11, name: 'Ana García' },
    text: 'Are you still there?',
    status: 'failed',
    error_code: 'window_closed',
    error_message: 'The platform’s messaging window has closed; a human agent may still reply within 7 days with the HUMAN_AGENT tag. (#10)',
  }),
];

const detail: CaseDetail = {
  id: 1,
  status: 'open',
  priority: 1,
  subject: '',
  assignee_id: null,
  assignee: null,
  team_id: null,
  tags: [],
  customer: { id: 1, display_name: 'Lucía Fernández', avatar_url: '' },
  channel_account_id: 1,
  channel_account: { id: 1, name: 'WhatsApp Business' },
  channel_kind: 'whatsapp',
  last_message_preview: '',
  last_message_at: at(1),
  waiting_since: null,
  opened_at: at(60),
  snoozed_until: null,
  sla: null,
  messages,
  timeline: [],
};

function caseApi() {
  server.use(
    signedIn(),
    http.get('*/api/v1/cases/1/', () => HttpResponse.json(detail)),
  );
}

async function openCase() {
  caseApi();
  const realtime = createFakeRealtime();
  const utils = renderApp('/inbox/all/1', { realtime });
  const caseView = await screen.findByTestId('case-view', {}, { timeout: 5000 });
  await within(caseView).findByText('Checking now');
  const bubble = (text: string | RegExp) => within(caseView).getByText(text).closest('article') as HTMLElement;
  return { ...utils, realtime, caseView, bubble };
}

describe('message states', { timeout: 20_000 }, () => {
  it('shows a reply’s delivery status and moves it on message.updated', async () => {
    const { realtime, bubble, caseView } = await openCase();
    const status = () => within(bubble('Checking now')).getByTestId('delivery-status');
    expect(status()).toHaveAttribute('data-status', 'sent');
    expect(status()).toHaveAccessibleName('Sent to the platform');

    act(() => realtime.emit('message.updated', { id: 4, case_id: 1, status: 'read', text: 'Checking now', reaction: '' }));
    await within(caseView).findByRole('img', { name: 'Read by the customer' });
    // A late delivery receipt does not take it back.
    act(() => realtime.emit('message.updated', { id: 4, case_id: 1, status: 'delivered' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(status()).toHaveAttribute('data-status', 'read');
  });

  it('explains a failed reply and what to do next, with the platform’s words', async () => {
    const { bubble } = await openCase();
    const failed = bubble('Are you still there?');
    expect(within(failed).getByTestId('delivery-status')).toHaveAttribute('data-status', 'failed');
    const failure = within(failed).getByTestId('delivery-failure');
    expect(failure).toHaveTextContent(/Not delivered: the platform only lets a business reply for a while/);
    expect(failure).toHaveTextContent('Wait for the customer to write again, or reach them on another channel.');
    expect(failure).toHaveTextContent(/Details: The platform’s messaging window has closed/);
  });

  it('fails a reply live, from message.updated', async () => {
    const { realtime, bubble, caseView } = await openCase();
    act(() =>
      realtime.emit('message.updated', {
        id: 4,
        case_id: 1,
        status: 'failed',
        error_code: 'credentials_rejected',
        error_message: 'The platform refused this channel’s credentials: an admin must reconnect it. (401)',
      }),
    );
    await within(caseView).findByText(/the platform refused this channel’s credentials \(an expired or revoked token\)/);
    expect(within(bubble('Checking now')).getByRole('link', { name: 'Open channel settings' })).toHaveAttribute(
      'href',
      '/settings/channels',
    );
  });

  it('marks edits, withdrawals and reactions from the customer', async () => {
    const { realtime, bubble, caseView } = await openCase();
    const edited = bubble('I meant order 4512');
    expect(within(edited).getByTestId('message-edited')).toHaveTextContent('edited');
    expect(within(edited).getByRole('img', { name: 'The customer reacted with 👍' })).toHaveTextContent('👍');
    expect(within(caseView).getByTestId('message-withdrawn')).toHaveTextContent('Message withdrawn by the customer');

    act(() => realtime.emit('message.updated', { id: 2, case_id: 1, text: '', deleted_at: new Date().toISOString(), reaction: '👍' }));
    await waitFor(() => expect(within(caseView).getAllByText('Message withdrawn by the customer')).toHaveLength(2));
    expect(within(caseView).queryByText('I meant order 4512')).not.toBeInTheDocument();
  });

  it('previews images, offers files for download and links locations to a map', async () => {
    const { bubble } = await openCase();
    const withFiles = bubble('Here is the receipt');
    const image = within(withFiles).getByRole('link', { name: 'Open the image receipt.jpg' });
    expect(image).toHaveAttribute('href', '/api/v1/attachments/31/');
    expect(within(image).getByRole('img', { name: 'receipt.jpg' })).toHaveAttribute('src', '/api/v1/attachments/31/');
    const file = within(withFiles).getByRole('link', { name: 'Download invoice.pdf' });
    expect(file).toHaveAttribute('href', '/api/v1/attachments/32/');
    expect(file).toHaveTextContent('invoice.pdf');
    expect(file).toHaveTextContent('1.5 MB');
    const place = within(withFiles).getByTestId('attachment-location');
    expect(place).toHaveAttribute('href', expect.stringContaining('openstreetmap.org/?mlat=40.4168&mlon=-3.7038'));
    expect(place).toHaveTextContent('Puerta del Sol · Location 40.41680, -3.70380 (open map)');
  });
});
