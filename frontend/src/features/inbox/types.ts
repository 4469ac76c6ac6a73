/** The saved views every agent starts with (the route's `:view`). */
export const INBOX_VIEWS = ['mine', 'unassigned', 'all', 'pending', 'snoozed'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export function parseInboxView(value: string | null | undefined): InboxView {
  return INBOX_VIEWS.find((view) => view === value) ?? 'mine';
}

export const CASE_STATUSES = ['new', 'open', 'pending', 'snoozed', 'resolved', 'closed', 'merged', 'spam'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** The statuses the API's `status=open` stands for. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'open', 'pending', 'snoozed'];

export type CasePriority = 0 | 1 | 2 | 3;
export const PRIORITIES: readonly CasePriority[] = [0, 1, 2, 3];

export const CHANNEL_KINDS = ['messenger', 'instagram', 'whatsapp', 'telegram', 'x', 'email', 'webchat', 'api'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

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

export interface Attachment {
  kind?: string;
  url: string;
  mime_type?: string;
  name?: string;
}

export interface Message {
  id: number;
  case_id: number;
  direction: 'in' | 'out';
  kind: 'public' | 'note' | 'system';
  source_kind?: string;
  author: MemberBrief | null;
  text: string;
  status?: string;
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

export interface CaseDetail extends Omit<CaseRow, 'customer'> {
  customer: CaseCustomer & { email?: string; phone?: string; tags?: string[] };
  assignee: MemberBrief | null;
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
