import { type InfiniteData, infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { type CasePage, type CaseRow, describeView, type InboxView, OPEN_STATUSES } from '../types';

export const casesQueryRoot = ['inbox', 'cases'] as const;
export const casesQueryKey = (view: InboxView) => [...casesQueryRoot, view] as const;

/** The list API's filter for each view (the breaching view has no case-list filter: see get-breaching-soon). */
export function viewFilter(view: InboxView): Record<string, string> {
  const parsed = describeView(view);
  switch (parsed.kind) {
    case 'team':
      return { status: 'open', team: String(parsed.teamId) };
    case 'tag':
      return { status: 'open', tag: parsed.tag };
    case 'breaching':
      return { status: 'open' };
    case 'builtin':
      break;
  }
  switch (parsed.name) {
    case 'mine':
      return { status: 'open', assignee: 'me' };
    case 'unassigned':
      return { status: 'open', assignee: 'none' };
    case 'all':
      return { status: 'open' };
    case 'pending':
      return { status: 'pending' };
    case 'snoozed':
      return { status: 'snoozed' };
  }
}

/** Whether a case row belongs in `view`, as the API would decide (for realtime updates). */
export function caseMatchesView(row: CaseRow, view: InboxView, myMemberId: number | null): boolean {
  const isOpen = OPEN_STATUSES.includes(row.status);
  const parsed = describeView(view);
  switch (parsed.kind) {
    case 'team':
      return isOpen && row.team_id === parsed.teamId;
    case 'tag':
      return isOpen && row.tags.some((tag) => tag.toLowerCase() === parsed.tag);
    case 'breaching':
      return false;
    case 'builtin':
      break;
  }
  switch (parsed.name) {
    case 'mine':
      return isOpen && myMemberId !== null && row.assignee_id === myMemberId;
    case 'unassigned':
      return isOpen && row.assignee_id === null;
    case 'all':
      return isOpen;
    case 'pending':
      return row.status === 'pending';
    case 'snoozed':
      return row.status === 'snoozed';
  }
}

/** Newest last message first: the API's default `sort=newest`. */
export function compareNewest(a: CaseRow, b: CaseRow): number {
  const byTime = Date.parse(b.last_message_at) - Date.parse(a.last_message_at);
  return byTime !== 0 ? byTime : b.id - a.id;
}

export function getCases(view: InboxView, cursorUrl: string | null, signal?: AbortSignal): Promise<CasePage> {
  if (cursorUrl) {
    // The API hands back an absolute `next` link; keep only its path and query (same origin).
    const url = new URL(cursorUrl, window.location.origin);
    return api.get<CasePage>(`${url.pathname}${url.search}`, { signal });
  }
  const params = new URLSearchParams({ ...viewFilter(view), sort: 'newest', page_size: '50' });
  return api.get<CasePage>(`/api/v1/cases/?${params.toString()}`, { signal });
}

export const casesQueryOptions = (view: InboxView) =>
  infiniteQueryOptions({
    queryKey: casesQueryKey(view),
    queryFn: ({ pageParam, signal }) => getCases(view, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });

export type CasesData = InfiniteData<CasePage, string | null>;

export function useCases(view: InboxView) {
  return useInfiniteQuery(casesQueryOptions(view));
}
