import { describe, expect, it } from 'vitest';

import { byteSize } from '@/lib/format';

import { credentialChanges, credentialFieldsFor } from '../credentials';
import { isReprocessable, outcomeSummary, readableBody } from '../webhook-log';

describe('credentialChanges', () => {
  it('sends only the fields filled in, for the account’s kind', () => {
    expect(
      credentialChanges({ bot_token: '123:abc', secret_token: '', app_secret: 'not-telegram' }, 'telegram'),
    ).toEqual({ bot_token: '123:abc' });
  });

  it('trims plain settings but keeps secrets exactly as typed', () => {
    expect(credentialChanges({ smtp_host: ' smtp.example.com ', smtp_password: ' p4ss ' }, 'email')).toEqual({
      smtp_host: 'smtp.example.com',
      smtp_password: ' p4ss ',
    });
    expect(credentialChanges({ smtp_host: '   ' }, 'email')).toEqual({});
  });

  it('knows each kind’s fields, and none for the api kind or an unknown one', () => {
    expect(credentialFieldsFor('messenger')).toEqual(['app_secret', 'verify_token', 'page_access_token']);
    expect(credentialFieldsFor('api')).toEqual([]);
    expect(credentialFieldsFor('fax')).toEqual([]);
  });
});

describe('webhook log helpers', () => {
  it('offers reprocessing for dead, failed, ignored and processed requests only', () => {
    expect(['dead', 'failed', 'ignored', 'processed'].every((s) => isReprocessable(s as never))).toBe(true);
    expect(isReprocessable('rejected')).toBe(false);
    expect(isReprocessable('malformed')).toBe(false);
    expect(isReprocessable('pending')).toBe(false);
  });

  it('pretty-prints JSON bodies and leaves the rest as received', () => {
    expect(readableBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(readableBody('{"a":')).toBe('{"a":');
    expect(readableBody('From: ana@example.com')).toBe('From: ana@example.com');
  });

  it('summarises what processing did', () => {
    expect(outcomeSummary({ message: 2, receipt: 1 })).toBe('message × 2, receipt × 1');
    expect(outcomeSummary({})).toBe('');
  });

  it('writes sizes as bytes, then kilobytes', () => {
    expect(byteSize(416, 'en')).toBe('416 B');
    expect(byteSize(2048, 'en')).toBe('2 kB');
  });
});
