/*
 * REST shapes come from the generated OpenAPI types (`src/lib/api-schema.d.ts`, `make schema`).
 *
 * drf-spectacular marks a response field optional when the serializer would accept input without
 * it (a model default, `blank=True`) and types JSON fields as `unknown`; responses always carry
 * those fields, and the UI reads the JSON ones as objects. `Answered` says so, naming the fields.
 */
import type { components } from '@/lib/api-schema';

type Schemas = components['schemas'];

/** `T` with the fields every response carries made required. */
type Answered<T, Always extends keyof T> = Omit<T, Always> & Required<Pick<T, Always>>;

/**
 * What to paste into the platform: `GET /channel-accounts/` → `setup`. `webhook_url` is empty for
 * web chat (no webhook); `verify_token` is for Meta kinds; `secret_header` and its `secret` (admins
 * only) for Telegram and email; `instructions` are English (the UI shows its own per kind).
 */
export type ChannelSetup = Schemas['ChannelSetup'];

/** `credentials` are masked: secrets show `••••` and their last 4 characters. `reopen_window` is in seconds. */
export type ChannelAccount = Answered<Schemas['ChannelAccount'], 'external_id' | 'is_active' | 'email_subject_threading'>;

/** What the connect form sends (the server defaults what is left out). */
export type ChannelAccountInput = Pick<Schemas['ChannelAccountInputRequest'], 'kind' | 'name' | 'external_id' | 'credentials'>;

/** What the drawer changes (only the fields given change, credentials included). */
export type ChannelAccountChange = Pick<
  Schemas['PatchedChannelAccountPatchInputRequest'],
  'name' | 'external_id' | 'is_active' | 'credentials'
>;

export type InboundEventStatus = Schemas['InboundEventStatusEnum'];
export const INBOUND_EVENT_STATUSES = [
  'pending',
  'processed',
  'ignored',
  'rejected',
  'malformed',
  'failed',
  'dead',
] as const satisfies readonly InboundEventStatus[];

type InboundEventAlways = 'attempts' | 'next_attempt_at' | 'processed_at' | 'error';

/**
 * A row of the webhook log (`GET /inbound-events/`). `error`: why it was refused, or the last
 * processing failure; `outcome`: what processing did, counts per outcome (`{"message": 1}`).
 */
export type InboundEvent = Answered<Omit<Schemas['InboundEvent'], 'outcome'>, InboundEventAlways> & {
  outcome: Record<string, unknown>;
};

/** One request exactly as received (`GET /inbound-events/<id>/`). */
export type InboundEventDetail = Answered<
  Omit<Schemas['InboundEventDetail'], 'outcome' | 'headers'>,
  InboundEventAlways | 'query_string'
> & {
  outcome: Record<string, unknown>;
  headers: Record<string, string>;
};

/** Hand-written: one generic page for every list (the generated types have one `Paginated…List` each). */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}
