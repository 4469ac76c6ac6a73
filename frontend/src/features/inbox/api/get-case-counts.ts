import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { CaseCounts } from '../types';

export const caseCountsQueryKey = ['inbox', 'counts'] as const;

export function getCaseCounts(signal?: AbortSignal): Promise<CaseCounts> {
  return api.get<CaseCounts>('/api/v1/cases/counts/', { signal });
}

export const caseCountsQueryOptions = () =>
  queryOptions({ queryKey: caseCountsQueryKey, queryFn: ({ signal }) => getCaseCounts(signal) });

export function useCaseCounts() {
  return useQuery(caseCountsQueryOptions());
}
