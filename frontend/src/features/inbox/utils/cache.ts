/**
 * How server events and mutation answers land in the query cache: one place, so a case
 * row from `case.updated`, from a list refetch or from our own mutation looks the same.
 */
import type { QueryClient } from '@tanstack/react-query';

import { caseCountsQueryKey } from '../api/get-case-counts';
import { caseQueryKey } from '../api/get-case';
import { caseMatchesView, casesQueryRoot, type CasesData, compareNewest } from '../api/get-cases';
import { type CaseDetail, type CaseRow, type InboxView, INBOX_VIEWS, type Message } from '../types';

/** Put `row` into every cached view list it matches and take it out of the others. */
export function applyCaseRow(queryClient: QueryClient, row: CaseRow, myMemberId: number | null) {
  for (const view of INBOX_VIEWS) {
    const key = [...casesQueryRoot, view];
    queryClient.setQueryData<CasesData>(key, (data) => (data ? placeRow(data, row, view, myMemberId) : data));
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
