import { credentialChanges, type CredentialField } from './credentials';

/**
 * X sends in user context with one of two credential sets (the backend's
 * `integrations.x.credentials`): an OAuth 2.0 `access_token` alone, or the four OAuth 1.0a keys.
 * `consumer_secret` belongs to both: it also answers X's CRC check and checks webhook signatures.
 */
export type XAuth = 'oauth2' | 'oauth1';

export const X_AUTHS: readonly XAuth[] = ['oauth2', 'oauth1'];

const X_FIELDS = {
  oauth2: ['consumer_secret', 'access_token'],
  oauth1: ['consumer_key', 'consumer_secret', 'access_token', 'access_token_secret'],
} as const satisfies Record<XAuth, readonly CredentialField[]>;

/** Only OAuth 1.0a has these: either one set means the account uses OAuth 1.0a. */
const OAUTH1_ONLY = ['consumer_key', 'access_token_secret'] as const;

export function xFieldsFor(auth: XAuth): readonly CredentialField[] {
  return X_FIELDS[auth];
}

/** The set the account sends with now (from its masked credentials); null before any token is set. */
export function currentXAuth(credentials: Record<string, string>): XAuth | null {
  if (OAUTH1_ONLY.some((field) => credentials[field])) return 'oauth1';
  return credentials.access_token ? 'oauth2' : null;
}

/**
 * What saving the X form sends for the chosen set, or the fields still missing. Choosing OAuth 2.0
 * clears the OAuth 1.0a-only keys; changing set needs that set's own access token (the two kinds
 * of token are not interchangeable), and OAuth 1.0a needs all four keys, typed or already stored.
 */
export function xCredentialChanges(
  values: Record<string, string>,
  auth: XAuth,
  credentials: Record<string, string>,
): { changes: Record<string, string>; missing: CredentialField[] } {
  const fields = xFieldsFor(auth);
  const typed = credentialChanges(
    Object.fromEntries(Object.entries(values).filter(([field]) => (fields as readonly string[]).includes(field))),
    'x',
  );
  const current = currentXAuth(credentials);
  const missing = fields.filter((field) => {
    if (typed[field]) return false;
    if (field === 'access_token' && current !== null && current !== auth) return true;
    return auth === 'oauth1' && !credentials[field];
  });
  if (missing.length > 0) return { changes: {}, missing };
  const changes: Record<string, string> = { ...typed };
  if (auth === 'oauth2') {
    for (const field of OAUTH1_ONLY) if (credentials[field]) changes[field] = '';
  }
  return { changes, missing: [] };
}
