import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { CannedResponse, Paginated } from '../types';

export const cannedResponsesQueryKey = ['inbox', 'canned-responses'] as const;

export function getCannedResponses(signal?: AbortSignal): Promise<Paginated<CannedResponse>> {
  return api.get<Paginated<CannedResponse>>('/api/v1/canned-responses/?page_size=200', { signal });
}

export const cannedResponsesQueryOptions = () =>
  queryOptions({
    queryKey: cannedResponsesQueryKey,
    queryFn: ({ signal }) => getCannedResponses(signal),
    staleTime: 5 * 60_000,
    select: (page) => page.results,
  });

export function useCannedResponses(enabled = true) {
  return useQuery({ ...cannedResponsesQueryOptions(), enabled });
}
