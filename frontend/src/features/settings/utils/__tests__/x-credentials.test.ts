import { describe, expect, it } from 'vitest';

import { currentXAuth, xCredentialChanges, xFieldsFor } from '../x-credentials';

const OAUTH2 = { consumer_secret: '••••cret', access_token: '••••oken' };
const OAUTH1 = { ...OAUTH2, consumer_key: '••••gKey', access_token_secret: '••••5kE' };

describe('X credentials', () => {
  it('tells the set an account sends with from its masked credentials', () => {
    expect(currentXAuth(OAUTH1)).toBe('oauth1');
    expect(currentXAuth({ consumer_secret: '••••cret', access_token_secret: '••••5kE' })).toBe('oauth1');
    expect(currentXAuth(OAUTH2)).toBe('oauth2');
    expect(currentXAuth({ consumer_secret: '••••cret' })).toBeNull();
  });

  it('shows the consumer secret with both sets', () => {
    expect(xFieldsFor('oauth2')).toEqual(['consumer_secret', 'access_token']);
    expect(xFieldsFor('oauth1')).toEqual(['consumer_key', 'consumer_secret', 'access_token', 'access_token_secret']);
  });

  it('sends only what was typed while the set stays', () => {
    expect(xCredentialChanges({ access_token: 'new-token', consumer_key: 'stale' }, 'oauth2', OAUTH2)).toEqual({
      changes: { access_token: 'new-token' },
      missing: [],
    });
    expect(xCredentialChanges({ access_token_secret: 'rotated' }, 'oauth1', OAUTH1)).toEqual({
      changes: { access_token_secret: 'rotated' },
      missing: [],
    });
    expect(xCredentialChanges({}, 'oauth2', OAUTH2)).toEqual({ changes: {}, missing: [] });
  });

  it('needs all four OAuth 1.0a keys, typed or stored, and a new access token to change set', () => {
    expect(xCredentialChanges({ consumer_key: 'ck' }, 'oauth1', OAUTH2).missing).toEqual(['access_token', 'access_token_secret']);
    expect(xCredentialChanges({ consumer_key: 'ck', access_token: 'at' }, 'oauth1', { consumer_secret: '••••cret' }).missing).toEqual([
      'access_token_secret',
    ]);
    expect(xCredentialChanges({}, 'oauth2', OAUTH1).missing).toEqual(['access_token']);
  });

  it('clears the OAuth 1.0a-only keys when the admin goes back to OAuth 2.0', () => {
    expect(xCredentialChanges({ access_token: 'bearer', consumer_key: 'ignored' }, 'oauth2', OAUTH1)).toEqual({
      changes: { access_token: 'bearer', consumer_key: '', access_token_secret: '' },
      missing: [],
    });
  });
});
