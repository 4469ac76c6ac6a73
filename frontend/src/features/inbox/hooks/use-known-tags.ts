import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';

import { caseQueryRoot } from '../api/get-case';
import { casesQueryRoot, type CasesData } from '../api/get-cases';
import { customerCasesQueryRoot } from '../api/get-customer-cases';
import type { CaseDetail, CasePage } from '../types';

/** Query families whose rows carry case tags. */
const TAGGED = new Set(['cases', 'case', 'customer-cases']);

/**
 * Case tags the browser has seen (in every loaded list and open case), most used first.
 * The API has no list of a workspace's tags, so this is what autocomplete and the tag
 * views can offer; it grows as lists load and follows realtime updates.
 */
export function useKnownTags(): string[] {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(0);
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        const [scope, family] = event.query.queryKey as unknown[];
        if (event.type !== 'updated' || event.action.type !== 'success') return;
        if (scope === 'inbox' && typeof family === 'string' && TAGGED.has(family)) setVersion((v) => v + 1);
      }),
    [queryClient],
  );
  // `version` is the cache's change counter: it is what makes the tags current.
  return useMemo(() => collectTags(queryClient), [queryClient, version]);
}

export function collectTags(queryClient: QueryClient): string[] {
  const uses = new Map<string, number>();
  const add = (tags: readonly string[] | undefined) => {
    for (const tag of tags ?? []) uses.set(tag, (uses.get(tag) ?? 0) + 1);
  };
  for (const [, data] of queryClient.getQueriesData<CasesData>({ queryKey: casesQueryRoot })) {
    for (const page of data?.pages ?? []) for (const row of page.results) add(row.tags);
  }
  for (const [key, detail] of queryClient.getQueriesData<CaseDetail>({ queryKey: caseQueryRoot })) {
    if (typeof key[2] === 'number') add(detail?.tags);
  }
  for (const [, page] of queryClient.getQueriesData<CasePage>({ queryKey: customerCasesQueryRoot })) {
    for (const row of page?.results ?? []) add(row.tags);
  }
  return [...uses.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag);
}
