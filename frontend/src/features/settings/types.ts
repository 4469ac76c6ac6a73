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
  'name' | 'external_id' | 'is_active' | 'credentials' | 'default_team_id'
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

/* --- Team and members ------------------------------------------------------------------------ */

/** A person in the workspace (`GET /members/`): role, whether still active, and their teams. */
export type Member = Answered<Schemas['Member'], 'role' | 'is_active'> & { user: Schemas['User'] & { name: string } };
export type MemberChange = Schemas['PatchedMemberUpdateInputRequest'];
export type MemberRole = Schemas['RoleEnum'];
export const MEMBER_ROLES = ['agent', 'supervisor', 'admin'] as const satisfies readonly MemberRole[];

export type Team = Schemas['Team'];
export type TeamInput = Schemas['TeamInputRequest'];
export type TeamChange = Schemas['PatchedTeamPatchInputRequest'];

/* --- SLA ------------------------------------------------------------------------------------- */

/** A business-hours calendar; `hours` windows are local HH:MM, weekday 0 is Monday. */
export type Calendar = Answered<Schemas['Calendar'], 'timezone' | 'holiday_country' | 'holiday_subdivision'>;
export type CalendarInput = Schemas['CalendarInputRequest'];
export type WorkingWindow = Schemas['WorkingWindow'];
export type CustomHoliday = Answered<Schemas['CustomHoliday'], 'name'>;

/** An SLA policy; targets are in seconds (the UI edits minutes). */
export type Policy = Answered<
  Schemas['Policy'],
  | 'position'
  | 'is_default'
  | 'is_active'
  | 'first_response_seconds'
  | 'first_response_business'
  | 'next_response_seconds'
  | 'next_response_business'
  | 'resolution_seconds'
  | 'resolution_business'
>;
export type PolicyInput = Schemas['PolicyInputRequest'];
export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const satisfies readonly Schemas['TargetEnum'][];
export type SlaTarget = (typeof SLA_TARGETS)[number];
/** Case priorities (0 low … 3 urgent). */
export const PRIORITIES = [0, 1, 2, 3] as const;

/* --- Canned responses and tagging rules -------------------------------------------------------- */

export type CannedResponse = Schemas['CannedResponse'];
export type CannedResponseInput = Schemas['CannedResponseInputRequest'];

export type TaggingRule = Answered<Schemas['TaggingRule'], 'is_active' | 'tag_case'>;
export type TaggingRuleInput = Schemas['TaggingRuleInputRequest'];
