/**
 * How server events and mutation answers land in the query cache: one place, so a case
 * row from `case.updated`, from a list refetch or from our own mutation looks the same.
 */
import type { QueryClient } from '@tanstack/react-query';

import { breachingSoonQueryKey } from '../api/get-breaching-soon';
import { caseCountsQueryKey } from '../api/get-case-counts';
import { caseSlaQueryKey, caseSlaQueryOptions } from '../api/get-case-sla';
import { caseQueryKey } from '../api/get-case';
import { caseMatchesView, casesQueryRoot, type CasesData, compareNewest } from '../api/get-cases';
import {
  type CaseDetail,
  type CaseRow,
  type CaseSla,
  type CaseSlaSummary,
  type CaseSummaryPayload,
  type InboxView,
  type Message,
  type MessageUpdatedPayload,
  parseInboxView,
  type SlaAlertPayload,
  type SlaUpdatedPayload,
} from '../types';
import { mergeMessageUpdate } from './messages';
import { applySlaAlert as withSlaAlert, mergeSlaUpdate, slaSummaryOf, slaUpdateIsAmbiguous } from './sla';

/** The row of case `caseId` in any cached list, if one holds it. */
function cachedRow(queryClient: QueryClient, caseId: number): CaseRow | undefined {
  for (const [, data] of queryClient.getQueriesData<CasesData>({ queryKey: casesQueryRoot })) {
    for (const page of data?.pages ?? []) {
      const found = page.results.find((r) => r.id === caseId);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Put `row` into every cached view list it matches and take it out of the others. A realtime
 * row has no SLA clock: it keeps the one the cache has (the row's, or the case's full clocks
 * when an `sla.updated` event came before the case).
 */
export function applyCaseRow(queryClient: QueryClient, payload: CaseSummaryPayload | CaseRow, myMemberId: number | null) {
  const row: CaseRow = {
    ...payload,
    sla:
      payload.sla !== undefined
        ? payload.sla
        : (cachedRow(queryClient, payload.id)?.sla ??
          slaSummaryOf(queryClient.getQueryData<CaseSla | null>(caseSlaQueryKey(payload.id)))),
  };
  // Every cached list, whatever its view (saved, team, tag): each decides for itself.
  for (const [key] of queryClient.getQueriesData<CasesData>({ queryKey: casesQueryRoot })) {
    const view = key[casesQueryRoot.length];
    if (typeof view !== 'string') continue;
    queryClient.setQueryData<CasesData>(key, (data) =>
      data ? placeRow(data, row, parseInboxView(view), myMemberId) : data,
    );
  }
  queryClient.setQueryData<CaseDetail>(caseQueryKey(row.id), (detail) =>
    detail ? { ...detail, ...row, customer: { ...detail.customer, ...row.customer } } : detail,
  );
  void queryClient.invalidateQueries({ queryKey: caseCountsQueryKey });
}

function placeRow(data: CasesData, row: CaseRow, view: InboxView, myMemberId: number | null): CasesData {
  const matches = caseMatchesView(row, view, myMemberId);
  const present = data.pages.some((page) => page.results.some((r) => r.id === row.id));
  if (!matches && !present) return data;
  // Remove it wherever it is, then (if it still belongs) put it where the sort puts it.
  const pages = data.pages.map((page) => ({ ...page, results: page.results.filter((r) => r.id !== row.id) }));
  if (matches) {
    const lastPage = pages.length - 1;
    let placed = false;
    for (let index = 0; index < pages.length && !placed; index += 1) {
      const page = pages[index]!;
      const at = page.results.findIndex((r) => compareNewest(row, r) < 0);
      // Past the loaded rows: only the last page may take it, and only if nothing follows.
      if (at >= 0 || (index === lastPage && !page.next)) {
        const results = [...page.results];
        results.splice(at >= 0 ? at : results.length, 0, row);
        pages[index] = { ...page, results };
        placed = true;
      }
    }
  }
  return { ...data, pages };
}

/** Add a message to the open case's timeline, once. */
export function appendMessage(queryClient: QueryClient, message: Message) {
  queryClient.setQueryData<CaseDetail>(caseQueryKey(message.case_id), (detail) => {
    if (!detail || detail.messages.some((m) => m.id === message.id)) return detail;
    return { ...detail, messages: [...detail.messages, message] };
  });
}

/**
 * `message.updated` (a receipt, an edit, a withdrawal, a reaction) rewrites that message in the
 * open case. A message the cached case does not have yet (its `message.created` was missed)
 * makes the case refetch instead.
 */
export function applyMessageUpdate(queryClient: QueryClient, update: MessageUpdatedPayload) {
  const key = caseQueryKey(update.case_id);
  const detail = queryClient.getQueryData<CaseDetail>(key);
  if (!detail) return;
  if (!detail.messages.some((m) => m.id === update.id)) {
    void queryClient.invalidateQueries({ queryKey: key, exact: true });
    return;
  }
  queryClient.setQueryData<CaseDetail>(key, (current) =>
    current
      ? { ...current, messages: current.messages.map((m) => (m.id === update.id ? mergeMessageUpdate(m, update) : m)) }
      : current,
  );
}

// --- SLA clocks ------------------------------------------------------------------------------

/** Rewrite the SLA clock of case `caseId`'s row in every cached list that holds it. */
export function patchRowSla(
  queryClient: QueryClient,
  caseId: number,
  update: (current: CaseSlaSummary | null) => CaseSlaSummary | null,
) {
  for (const [key, data] of queryClient.getQueriesData<CasesData>({ queryKey: casesQueryRoot })) {
    if (!data?.pages.some((page) => page.results.some((r) => r.id === caseId))) continue;
    queryClient.setQueryData<CasesData>(key, {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        results: page.results.map((r) => (r.id === caseId ? { ...r, sla: update(r.sla) } : r)),
      })),
    });
  }
}

/**
 * `sla.updated`: the case's cached clocks and its list rows follow at once. A breached clock
 * may have been answered late, which only the API can tell: the case's clocks are refetched
 * (once, whether a header or a row shows them) and the rows follow the answer.
 */
export function applySlaUpdate(queryClient: QueryClient, event: SlaUpdatedPayload) {
  const key = caseSlaQueryKey(event.case_id);
  const merged = mergeSlaUpdate(queryClient.getQueryData<CaseSla | null>(key) ?? undefined, event);
  queryClient.setQueryData<CaseSla | null>(key, merged);
  patchRowSla(queryClient, event.case_id, () => slaSummaryOf(merged));
  if (slaUpdateIsAmbiguous(event)) {
    if (cachedRow(queryClient, event.case_id)) {
      void queryClient
        .fetchQuery({ ...caseSlaQueryOptions(event.case_id), staleTime: 0 })
        .then((sla) => patchRowSla(queryClient, event.case_id, () => slaSummaryOf(sla)))
        .catch(() => undefined);
    } else {
      // Refetches only if a countdown of this case is on screen; otherwise when one next is.
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
    }
  }
  refreshBreachingSoon(queryClient);
}

/** `sla.at_risk` / `sla.breached` from the server's sweep. */
export function applySlaAlert(queryClient: QueryClient, alert: SlaAlertPayload, status: 'at_risk' | 'breached') {
  queryClient.setQueryData<CaseSla | null>(caseSlaQueryKey(alert.case_id), (current) =>
    current ? withSlaAlert(current, alert, status) : current,
  );
  patchRowSla(queryClient, alert.case_id, (current) =>
    current && current.target === alert.target && current.state !== 'paused' && current.state !== 'breached'
      ? { ...current, state: status }
      : current,
  );
  refreshBreachingSoon(queryClient);
}

const BREACHING_REFRESH_MS = 5_000;
const pendingBreachingRefresh = new WeakMap<QueryClient, ReturnType<typeof setTimeout>>();

/** The breaching-soon list, refetched at most once per few seconds however many clocks move. */
function refreshBreachingSoon(queryClient: QueryClient) {
  if (pendingBreachingRefresh.has(queryClient)) return;
  pendingBreachingRefresh.set(
    queryClient,
    setTimeout(() => {
      pendingBreachingRefresh.delete(queryClient);
      void queryClient.invalidateQueries({ queryKey: breachingSoonQueryKey });
    }, BREACHING_REFRESH_MS),
  );
}
