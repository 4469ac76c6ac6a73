/*
 * REST shapes come from the generated OpenAPI types (`src/lib/api-schema.d.ts`, `make schema`).
 * What stays hand-written says why: realtime payloads (the websocket is not in the OpenAPI
 * schema), UI-only types, and types the query cache fills from both REST and realtime events.
 */
import type { components } from '@/lib/api-schema';

type Schemas = components['schemas'];

/** The saved views every agent starts with. */
export const INBOX_VIEWS = ['mine', 'unassigned', 'all', 'pending', 'snoozed'] as const;
export type BuiltinView = (typeof INBOX_VIEWS)[number];
/** Open cases whose next SLA deadline is close (from the SLA API, not the case list). */
export const BREACHING_VIEW = 'breaching';
/**
 * The route's `:view`: a saved view, breaching soon, one of my teams (`team-3`) or a tag
 * (`tag-vip`). One string, so it is at once the URL segment and the list's query key.
 */
export type InboxView = BuiltinView | typeof BREACHING_VIEW | `team-${number}` | `tag-${string}`;

export type ParsedView =
  | { kind: 'builtin'; name: BuiltinView }
  | { kind: 'breaching' }
  | { kind: 'team'; teamId: number }
  | { kind: 'tag'; tag: string };

export function teamView(teamId: number): InboxView {
  return `team-${teamId}`;
}

export function tagView(tag: string): InboxView {
  return `tag-${tag.toLowerCase()}`;
}

/** What kind of view a route's `:view` is; anything unknown is Mine. */
export function describeView(view: string | null | undefined): ParsedView {
  const builtin = INBOX_VIEWS.find((name) => name === view);
  if (builtin) return { kind: 'builtin', name: builtin };
  if (view === BREACHING_VIEW) return { kind: 'breaching' };
  const team = /^team-(\d+)$/.exec(view ?? '');
  if (team) return { kind: 'team', teamId: Number(team[1]) };
  const tag = /^tag-(.+)$/.exec(view ?? '');
  if (tag?.[1] && tag[1].length <= 64) return { kind: 'tag', tag: tag[1].toLowerCase() };
  return { kind: 'builtin', name: 'mine' };
}

export function parseInboxView(value: string | null | undefined): InboxView {
  const parsed = describeView(value);
  switch (parsed.kind) {
    case 'builtin':
      return parsed.name;
    case 'breaching':
      return BREACHING_VIEW;
    case 'team':
      return teamView(parsed.teamId);
    case 'tag':
      return tagView(parsed.tag);
  }
}

export type CaseStatus = Schemas['CaseStatusEnum'];
export const CASE_STATUSES = ['new', 'open', 'pending', 'snoozed', 'resolved', 'closed', 'merged', 'spam'] as const satisfies readonly CaseStatus[];
/** The statuses the API's `status=open` stands for. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'open', 'pending', 'snoozed'];

export type CasePriority = Schemas['CasePriorityEnum'];
export const PRIORITIES: readonly CasePriority[] = [0, 1, 2, 3];

export { CHANNEL_KINDS, type ChannelKind } from '@/config/channels';

export type CaseCustomer = Schemas['CaseCustomer'];

/**
 * A case list row. `assignee_id` is a membership id, not a user id. `sla` is the row's next SLA
 * deadline, fetched with the page (no request per row) and kept current by `sla.*` events.
 */
export type CaseRow = Schemas['Case'];

/** The clock a row shows: target, deadline, state (`remaining_seconds` only while paused). */
export type CaseSlaSummary = Schemas['CaseSlaSummary'];
export type SlaSummaryState = CaseSlaSummary['state'];

/**
 * Realtime `case.created` / `case.updated`: a row without its SLA clock (that travels in
 * `sla.updated`), so the cache keeps the clock it has.
 */
export type CaseSummaryPayload = Omit<CaseRow, 'sla'> & { sla?: CaseRow['sla'] };

/** A page of `GET /cases/` (cursor pagination: no count). */
export type CasePage = Schemas['PaginatedCaseList'];

export type CaseCounts = Schemas['CaseCounts'];

export type MemberBrief = Schemas['MemberBrief'];

/** Where our copy of a customer's attachment stands (platform links expire, so we keep one). */
export type AttachmentFetchStatus = 'pending' | 'stored' | 'failed' | 'skipped';

/**
 * Hand-written: a `message.created` event carries attachments without `id` (the platform's link
 * only), and the UI relies on the `fetch_status` values the schema types as a plain string.
 */
export interface Attachment {
  /** Absent in a `message.created` payload, which carries the platform's link only. */
  id?: number;
  kind?: string;
  /** Our authorised copy (`/api/v1/attachments/<id>/`, session cookie), or a `geo:` link as sent. */
  url: string;
  /** What the platform sent; may have expired. */
  original_url?: string;
  mime_type?: string;
  size_bytes?: number | null;
  name?: string;
  fetch_status?: AttachmentFetchStatus;
}

/** Replies move queued → sent → delivered → read, or end failed; customer messages are `received`. */
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const satisfies readonly Schemas['DeliveryStatusEnum'][];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Hand-written: the cache holds messages from `GET /cases/{id}/`, from our own send and from
 * `message.created` events (author looked up, attachments without ids, fields missing), so this is
 * looser than the schema's `Message`. `RestTypesFit` below checks a REST message still fits it.
 */
export interface Message {
  id: number;
  case_id: number;
  direction: 'in' | 'out';
  kind: 'public' | 'note' | 'system';
  source_kind?: string;
  author: MemberBrief | null;
  text: string;
  status?: DeliveryStatus | 'received' | (string & {});
  /** Why a reply failed: `window_closed`, `template_required`, `recipient_blocked`, `credentials_rejected`, … */
  error_code?: string;
  /** The platform's words, and what to do next (English, from the server). */
  error_message?: string;
  /** The customer edited it (the text is the new one). */
  edited_at?: string | null;
  /** The customer withdrew it (the text is empty). */
  deleted_at?: string | null;
  /** The customer's current reaction (an emoji), or empty. */
  reaction?: string;
  sent_at: string | null;
  received_at: string;
  attachments?: Attachment[];
}

/** Hand-written: the schema types `data` as `unknown` (a JSON field); the timeline reads it as an object. */
export interface CaseEvent {
  id: number;
  kind: string;
  actor: MemberBrief | null;
  data?: Record<string, unknown> | null;
  occurred_at: string;
}

/** Hand-written (like the customer detail below) so fixtures and the UI need only what the panel shows. */
export interface Identity {
  id: number;
  channel_kind: string;
  external_id: string;
  username?: string;
  display_name?: string;
  avatar_url?: string;
  follower_count?: number | null;
}

/** The case screen's customer: who they are on every channel, their loyalty tags. */
export interface CaseCustomerDetail extends CaseCustomer {
  email?: string;
  phone?: string;
  language?: string;
  tags?: string[];
  follower_count?: number | null;
  identities?: Identity[];
}

/**
 * Hand-written: the subset of `GET /cases/{id}/` the case screen uses, with `messages` as the cache's
 * {@link Message} (realtime messages are appended to it). `RestTypesFit` checks the REST answer fits.
 */
export interface CaseDetail extends Omit<CaseRow, 'customer'> {
  customer: CaseCustomerDetail;
  assignee: MemberBrief | null;
  team?: { id: number; name: string } | null;
  channel_account: { id: number; name: string; kind?: string };
  messages: Message[];
  timeline: CaseEvent[];
  /** What the channel lets an agent send now (absent in caches filled before it existed). */
  reply_window?: ReplyWindow;
}

export type ReplyWindow = Schemas['ReplyWindow'];
export type ReplyUpload = Schemas['ReplyUpload'];

export type Member = Schemas['Member'];

export type CannedResponse = Schemas['CannedResponse'];

/** Hand-written: one generic page for every list (the generated types have one `Paginated…List` each). */
export interface Paginated<T> {
  count?: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Realtime payloads the inbox listens to (hand-written: the websocket is not in the OpenAPI schema). */
export interface MessageCreatedPayload extends Omit<Message, 'author'> {
  author_id: number | null;
}
/** Realtime `message.updated`: a receipt, an edit, a withdrawal or a reaction. */
export type MessageUpdatedPayload = Pick<Message, 'id' | 'case_id'> &
  Partial<Pick<Message, 'status' | 'text' | 'error_code' | 'error_message' | 'edited_at' | 'deleted_at' | 'reaction'>>;
export interface CaseViewersPayload {
  case_id: number;
  viewers: { user_id: number; name: string }[];
}
export interface CaseTypingPayload {
  case_id: number;
  user_id: number;
  name: string;
  is_typing: boolean;
}

export type Team = Schemas['Team'];

// --- SLA -------------------------------------------------------------------------------------

export type SlaTarget = Schemas['NextTargetEnum'];
export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const satisfies readonly SlaTarget[];
export type ClockStatus = Schemas['ClockStatusEnum'];

/**
 * One SLA target's clock (`GET /sla/cases/{id}/`; `sla.updated` carries a subset). Hand-written:
 * the cache merges realtime subsets into it, so the fields `sla.updated` lacks are optional.
 */
export interface SlaClock {
  status: ClockStatus;
  business: boolean | null;
  target_seconds?: number | null;
  started_at?: string | null;
  /** The wall-clock deadline; null while paused. */
  due_at: string | null;
  at_risk_at: string | null;
  completed_at?: string | null;
  /** In the target's own time (business seconds for a business target); negative once breached. */
  remaining_seconds: number | null;
}

/** Hand-written for the same reason as {@link SlaClock}; `RestTypesFit` checks the REST answer fits. */
export interface CaseSla {
  case_id: number;
  paused: boolean;
  paused_at?: string | null;
  next_due_at: string | null;
  first_response: SlaClock;
  next_response: SlaClock;
  resolution: SlaClock;
}

/**
 * A row of `GET /sla/breaching-soon/`: the clocks plus what a list shows of the case. Hand-written:
 * the schema types the case's `status` and `priority` as a plain string and number.
 */
export interface BreachingSoon extends CaseSla {
  next_target: SlaTarget;
  case: {
    subject: string;
    status: CaseStatus;
    priority: CasePriority;
    assignee_id: number | null;
    team_id: number | null;
    customer_name: string;
  };
}

/** Realtime `sla.updated`. */
export interface SlaUpdatedPayload {
  case_id: number;
  paused: boolean;
  next_due_at: string | null;
  clocks: Record<SlaTarget, Pick<SlaClock, 'status' | 'due_at' | 'at_risk_at' | 'remaining_seconds' | 'business'>>;
}

/** Realtime `sla.at_risk` / `sla.breached`. */
export interface SlaAlertPayload {
  case_id: number;
  target: SlaTarget;
  due_at: string | null;
}

// --- Checks against the generated schema -----------------------------------------------------

/** `Ui`, if what the API sends (`Api`) can be used as one; otherwise a type error. */
type Fits<Api extends Ui, Ui> = [Api] extends [Ui] ? Ui : never;

/**
 * Fails to type-check when a REST answer no longer fits the hand-written type the UI keeps for it
 * (a field renamed, removed or retyped in the API), and when a status list misses a value. The
 * fields left out are the ones the UI reads more narrowly than the schema types them (see above).
 */
export type RestTypesFit = [
  Fits<Schemas['CaseSla'], CaseSla>,
  Fits<Schemas['Clock'], SlaClock>,
  Fits<Omit<Schemas['BreachingSoon'], 'case'>, Omit<BreachingSoon, 'case'>>,
  Fits<Omit<Schemas['CaseDetail'], 'messages' | 'timeline'>, Omit<CaseDetail, 'messages' | 'timeline'>>,
  Fits<Omit<Schemas['Message'], 'attachments'>, Omit<Message, 'attachments'>>,
  Fits<Omit<Schemas['Attachment'], 'fetch_status'>, Omit<Attachment, 'fetch_status'>>,
  Fits<Omit<Schemas['CaseEvent'], 'data'>, Omit<CaseEvent, 'data'>>,
  Fits<Schemas['CaseCustomerDetail'], CaseCustomerDetail>,
  Fits<Schemas['Identity'], Identity>,
  Fits<CaseStatus, (typeof CASE_STATUSES)[number]>,
  Fits<SlaTarget, (typeof SLA_TARGETS)[number]>,
];
