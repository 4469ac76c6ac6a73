import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-schema';

/** Another customer who may be the same person, and why (same email, same phone; never the name alone). */
export type MergeSuggestion = components['schemas']['MergeSuggestion'];
export type MergeReason = components['schemas']['ReasonsEnum'];

export const mergeSuggestionsQueryRoot = ['inbox', 'merge-suggestions'] as const;
export const mergeSuggestionsQueryKey = (customerId: number) => [...mergeSuggestionsQueryRoot, customerId] as const;

export const mergeSuggestionsQueryOptions = (customerId: number) =>
  queryOptions({
    queryKey: mergeSuggestionsQueryKey(customerId),
    queryFn: ({ signal }) => api.get<MergeSuggestion[]>(`/api/v1/customers/${customerId}/merge-suggestions/`, { signal }),
    staleTime: 60_000,
  });

export function useMergeSuggestions(customerId: number) {
  return useQuery(mergeSuggestionsQueryOptions(customerId));
}
