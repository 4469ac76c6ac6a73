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

export const CASE_STATUSES = ['new', 'open', 'pending', 'snoozed', 'resolved', 'closed', 'merged', 'spam'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** The statuses the API's `status=open` stands for. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'open', 'pending', 'snoozed'];

export type CasePriority = 0 | 1 | 2 | 3;
export const PRIORITIES: readonly CasePriority[] = [0, 1, 2, 3];

export { CHANNEL_KINDS, type ChannelKind } from '@/config/channels';

export interface CaseCustomer {
  id: number;
  display_name: string;
  avatar_url: string;
}

/** A case list row; also the payload of the realtime `case.created` / `case.updated` events. */
export interface CaseRow {
  id: number;
  status: CaseStatus;
  priority: CasePriority;
  subject: string;
  /** A membership id (not a user id). */
  assignee_id: number | null;
  team_id: number | null;
  tags: string[];
  customer: CaseCustomer;
  channel_account_id: number;
  channel_kind: string;
  last_message_preview: string;
  last_message_at: string;
  waiting_since: string | null;
  opened_at: string;
  snoozed_until: string | null;
}

export interface CasePage {
  next: string | null;
  previous: string | null;
  results: CaseRow[];
}

export interface CaseCounts {
  mine: number;
  unassigned: number;
  all: number;
  pending: number;
  snoozed: number;
  teams: { id: number; name: string; count: number }[];
}

export interface MemberBrief {
  id: number;
  name: string;
}

/** Where our copy of a customer's attachment stands (platform links expire, so we keep one). */
export type AttachmentFetchStatus = 'pending' | 'stored' | 'failed' | 'skipped';

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
export const DELIVERY_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

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

export interface CaseEvent {
  id: number;
  kind: string;
  actor: MemberBrief | null;
  data?: Record<string, unknown> | null;
  occurred_at: string;
}

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

export interface CaseDetail extends Omit<CaseRow, 'customer'> {
  customer: CaseCustomerDetail;
  assignee: MemberBrief | null;
  team?: { id: number; name: string } | null;
  channel_account: { id: number; name: string; kind?: string };
  messages: Message[];
  timeline: CaseEvent[];
}

export interface Member {
  id: number;
  user: { id: number; email: string; name?: string };
  role?: string;
  is_active?: boolean;
}

export interface CannedResponse {
  id: number;
  shortcut: string;
  title: string;
  body: string;
}

export interface Paginated<T> {
  count?: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Realtime payloads the inbox listens to. */
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

export interface Team {
  id: number;
  name: string;
  members: { id: number; name: string; email: string }[];
}

// --- SLA -------------------------------------------------------------------------------------

export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
export type ClockStatus = 'none' | 'on_track' | 'at_risk' | 'breached' | 'met' | 'stopped';

/** One SLA target's clock (`GET /sla/cases/{id}/`; `sla.updated` carries a subset). */
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

export interface CaseSla {
  case_id: number;
  paused: boolean;
  paused_at?: string | null;
  next_due_at: string | null;
  first_response: SlaClock;
  next_response: SlaClock;
  resolution: SlaClock;
}

/** A row of `GET /sla/breaching-soon/`: the clocks plus what a list shows of the case. */
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
