import type { ChannelKind } from '@/config/channels';

/**
 * The credentials each kind stores, as the backend's `integrations.outbound.CREDENTIAL_FIELDS`
 * lists them (the API takes any of these in `credentials`).
 */
export const CREDENTIAL_FIELDS = {
  messenger: ['app_secret', 'verify_token', 'page_access_token'],
  instagram: ['app_secret', 'verify_token', 'access_token'],
  whatsapp: ['app_secret', 'verify_token', 'access_token'],
  telegram: ['secret_token', 'bot_token'],
  // OAuth 2.0 sends with access_token alone, OAuth 1.0a with all four (see ./x-credentials).
  x: ['consumer_key', 'consumer_secret', 'access_token', 'access_token_secret'],
  email: [
    'inbound_format',
    'inbound_secret',
    'mailgun_signing_key',
    'smtp_host',
    'smtp_port',
    'smtp_username',
    'smtp_password',
    'smtp_security',
    'imap_host',
    'imap_port',
    'imap_username',
    'imap_password',
    'imap_folder',
    'imap_security',
  ],
  webchat: ['identity_secret', 'allowed_origins'],
  api: [],
} as const satisfies Record<ChannelKind, readonly string[]>;

export type CredentialField = (typeof CREDENTIAL_FIELDS)[ChannelKind][number];

/** Never shown back by the API (only masked): typed into password inputs. */
export const SECRET_CREDENTIALS: ReadonlySet<string> = new Set([
  'app_secret',
  'page_access_token',
  'access_token',
  'secret_token',
  'bot_token',
  'consumer_key',
  'consumer_secret',
  'access_token_secret',
  'inbound_secret',
  'mailgun_signing_key',
  'smtp_password',
  'imap_password',
  'identity_secret',
]);

export const SMTP_SECURITY = ['none', 'starttls', 'tls'] as const;
/** IMAP: implicit TLS (port 993) or plain; the backend's default is TLS on 993. */
export const IMAP_SECURITY = ['tls', 'none'] as const;

/**
 * What an email account's webhook receives (`inbound_format`, the backend's `integrations.email.esp`):
 * the raw message (the default), a Mailgun route's signed form, or SendGrid's Inbound Parse form.
 */
export const INBOUND_FORMATS = ['raw', 'mailgun', 'sendgrid'] as const;
export type InboundFormat = (typeof INBOUND_FORMATS)[number];

export function inboundFormatOf(credentials: Record<string, string | undefined>): InboundFormat {
  const value = credentials.inbound_format;
  return (INBOUND_FORMATS as readonly string[]).includes(value ?? '') ? (value as InboundFormat) : 'raw';
}

/** The email fields worth showing for a format: Mailgun's signing key only when Mailgun sends. */
export function emailFieldShown(field: string, format: InboundFormat): boolean {
  return field !== 'mailgun_signing_key' || format === 'mailgun';
}

export function credentialFieldsFor(kind: string): readonly CredentialField[] {
  return kind in CREDENTIAL_FIELDS ? CREDENTIAL_FIELDS[kind as ChannelKind] : [];
}

/** What the credentials form sends: only the fields filled in (an empty field keeps its value). */
export function credentialChanges(values: Record<string, string>, kind: string): Record<string, string> {
  const allowed = new Set<string>(credentialFieldsFor(kind));
  const changes: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    // Secrets are taken as typed (a space may be part of one); other values lose stray blanks.
    const cleaned = SECRET_CREDENTIALS.has(field) ? value : value.trim();
    if (allowed.has(field) && cleaned !== '') changes[field] = cleaned;
  }
  return changes;
}
