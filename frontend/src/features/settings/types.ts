// Hand-written to match the API contract (`/api/schema/`) until the client is generated from it.
import type { ChannelKind } from '@/config/channels';

/** What to paste into the platform: `GET /channel-accounts/` → `setup`. */
export interface ChannelSetup {
  /** Empty for web chat, which has no webhook. */
  webhook_url: string;
  /** Meta kinds: the verify token to paste next to the callback URL. */
  verify_token?: string;
  /** Telegram and email: the header the platform (or mail forwarder) must send… */
  secret_header?: string;
  /** …and its value (admins only). */
  secret?: string;
  /** English, from the server; the UI shows its own translation per kind. */
  instructions: string;
}

export interface ChannelAccount {
  id: number;
  kind: ChannelKind | (string & {});
  name: string;
  external_id: string;
  is_active: boolean;
  /** Seconds. */
  reopen_window: number;
  email_subject_threading: boolean;
  /** Masked: secrets show `••••` and their last 4 characters. */
  credentials: Record<string, string>;
  setup: ChannelSetup;
  created_at: string;
  updated_at: string;
}

export interface ChannelAccountInput {
  kind: ChannelKind;
  name: string;
  external_id?: string;
  credentials?: Record<string, string>;
}

export interface ChannelAccountChange {
  name?: string;
  external_id?: string;
  is_active?: boolean;
  /** Only the fields given change. */
  credentials?: Record<string, string>;
}

export const INBOUND_EVENT_STATUSES = ['pending', 'processed', 'ignored', 'rejected', 'malformed', 'failed', 'dead'] as const;
export type InboundEventStatus = (typeof INBOUND_EVENT_STATUSES)[number];

/** A row of the webhook log (`GET /inbound-events/`). */
export interface InboundEvent {
  id: number;
  channel_account: number;
  kind: string;
  status: InboundEventStatus;
  received_at: string;
  attempts: number;
  next_attempt_at: string | null;
  processed_at: string | null;
  /** Why it was refused, or the last processing failure. */
  error: string;
  /** What processing did: counts per outcome (`{"message": 1}`). */
  outcome: Record<string, unknown>;
  size_bytes: number;
}

/** One request exactly as received (`GET /inbound-events/<id>/`). */
export interface InboundEventDetail extends InboundEvent {
  headers: Record<string, string>;
  query_string: string;
  body_text: string;
  body_base64: string;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}
