import { describe, expect, it } from 'vitest';

import type { Message } from '../../types';
import { deliveryIndicator, deliveryProblem, mergeMessageUpdate, statusMayAdvance } from '../messages';

const reply = (overrides: Partial<Message> = {}): Message => ({
  id: 1,
  case_id: 7,
  direction: 'out',
  kind: 'public',
  author: { id: 11, name: 'Ana' },
  text: 'On its way',
  status: 'queued',
  sent_at: null,
  received_at: '2026-01-01T12:00:00Z',
  ...overrides,
});

describe('statusMayAdvance', () => {
  it('moves a reply forwards only: queued → sent → delivered → read', () => {
    expect(statusMayAdvance('queued', 'sent')).toBe(true);
    expect(statusMayAdvance('sent', 'read')).toBe(true);
    expect(statusMayAdvance('read', 'delivered')).toBe(false);
    expect(statusMayAdvance('delivered', 'sent')).toBe(false);
    expect(statusMayAdvance('sent', 'sent')).toBe(false);
  });

  it('fails only a reply not yet delivered, and never revives a failed one', () => {
    expect(statusMayAdvance('queued', 'failed')).toBe(true);
    expect(statusMayAdvance('sent', 'failed')).toBe(true);
    expect(statusMayAdvance('delivered', 'failed')).toBe(false);
    expect(statusMayAdvance('failed', 'sent')).toBe(false);
  });

  it('takes any status for a message that had none', () => {
    expect(statusMayAdvance(undefined, 'delivered')).toBe(true);
    expect(statusMayAdvance('', 'sent')).toBe(true);
  });
});

describe('mergeMessageUpdate', () => {
  it('applies a receipt, and ignores a late one that would move it backwards', () => {
    const read = mergeMessageUpdate(reply({ status: 'sent' }), { id: 1, case_id: 7, status: 'read' });
    expect(read.status).toBe('read');
    expect(mergeMessageUpdate(read, { id: 1, case_id: 7, status: 'delivered' }).status).toBe('read');
  });

  it('keeps the error of a failure', () => {
    const failed = mergeMessageUpdate(reply(), {
      id: 1,
      case_id: 7,
      status: 'failed',
      error_code: 'window_closed',
      error_message: 'The platform’s messaging window has closed.',
    });
    expect(failed).toMatchObject({ status: 'failed', error_code: 'window_closed' });
  });

  it('shows an edit, a withdrawal and a reaction from the customer', () => {
    const customer = reply({ direction: 'in', status: 'received', text: 'Hi' });
    const edited = mergeMessageUpdate(customer, { id: 1, case_id: 7, text: 'Hello', edited_at: '2026-01-01T12:01:00Z' });
    expect(edited).toMatchObject({ text: 'Hello', edited_at: '2026-01-01T12:01:00Z', status: 'received' });
    const withdrawn = mergeMessageUpdate(edited, { id: 1, case_id: 7, text: '', deleted_at: '2026-01-01T12:02:00Z' });
    expect(withdrawn).toMatchObject({ text: '', deleted_at: '2026-01-01T12:02:00Z' });
    expect(mergeMessageUpdate(customer, { id: 1, case_id: 7, reaction: '❤️' }).reaction).toBe('❤️');
    expect(mergeMessageUpdate({ ...customer, reaction: '❤️' }, { id: 1, case_id: 7, reaction: '' }).reaction).toBe('');
  });
});

describe('deliveryProblem', () => {
  it('explains the known codes and treats the rest as a platform error', () => {
    expect(deliveryProblem('window_closed')).toBe('window_closed');
    expect(deliveryProblem('credentials_rejected')).toBe('credentials_rejected');
    expect(deliveryProblem('platform:131047')).toBe('platform_error');
    expect(deliveryProblem('TimeoutException')).toBe('platform_error');
    expect(deliveryProblem(undefined)).toBe('platform_error');
  });
});

describe('deliveryIndicator', () => {
  it('is shown for public agent replies only', () => {
    expect(deliveryIndicator(reply({ status: 'delivered' }))).toBe('delivered');
    expect(deliveryIndicator(reply({ kind: 'note', status: 'sent' }))).toBeNull();
    expect(deliveryIndicator(reply({ direction: 'in', status: 'received' }))).toBeNull();
    expect(deliveryIndicator(reply({ status: undefined }))).toBeNull();
  });
});
