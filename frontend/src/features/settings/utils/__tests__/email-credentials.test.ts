import { describe, expect, it } from 'vitest';

import { credentialChanges, emailFieldShown, inboundFormatOf } from '../credentials';

describe('email inbound format', () => {
  it('reads the saved format, raw when unset or unknown', () => {
    expect(inboundFormatOf({})).toBe('raw');
    expect(inboundFormatOf({ inbound_format: 'sendgrid' })).toBe('sendgrid');
    expect(inboundFormatOf({ inbound_format: 'postmark' })).toBe('raw');
  });

  it('asks for Mailgun’s signing key only when Mailgun sends', () => {
    expect(emailFieldShown('mailgun_signing_key', 'mailgun')).toBe(true);
    expect(emailFieldShown('mailgun_signing_key', 'sendgrid')).toBe(false);
    expect(emailFieldShown('inbound_secret', 'raw')).toBe(true);
  });

  it('sends the format with the key, the key exactly as typed', () => {
    expect(credentialChanges({ inbound_format: 'mailgun', mailgun_signing_key: ' key-3ax6 ' }, 'email')).toEqual({
      inbound_format: 'mailgun',
      mailgun_signing_key: ' key-3ax6 ',
    });
  });
});
