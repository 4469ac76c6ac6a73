import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { BreachingSoon, CaseSla, Paginated } from '../types';
import { caseSlaQueryKey } from './get-case-sla';

/** "Breaching soon" means a deadline within the hour (or already passed). */
export const BREACHING_WITHIN_SECONDS = 3_600;
const PAGE_SIZE = 200;

export const breachingSoonQueryKey = ['inbox', 'breaching-soon'] as const;

export function getBreachingSoon(signal?: AbortSignal): Promise<Paginated<BreachingSoon>> {
  const params = new URLSearchParams({ within: String(BREACHING_WITHIN_SECONDS), page_size: String(PAGE_SIZE) });
  return api.get<Paginated<BreachingSoon>>(`/api/v1/sla/breaching-soon/?${params.toString()}`, { signal });
}

export const breachingSoonQueryOptions = () =>
  queryOptions({
    queryKey: breachingSoonQueryKey,
    queryFn: async ({ signal, client }) => {
      const page = await getBreachingSoon(signal);
      // Each row carries the case's full clocks: the countdowns of those cases need no request.
      for (const row of page.results) {
        const { next_target: _target, case: _case, ...clocks } = row;
        client.setQueryData<CaseSla | null>(caseSlaQueryKey(row.case_id), clocks);
      }
      return page;
    },
    staleTime: 30_000,
    // Cases cross into the window as time passes, with no event to say so.
    refetchInterval: 60_000,
  });

export function useBreachingSoon() {
  return useQuery(breachingSoonQueryOptions());
}
