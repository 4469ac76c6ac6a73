import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { CannedResponse, CannedResponseInput, Page } from '../types';

export const cannedResponsesQueryKey = ['settings', 'canned-responses'] as const;

/** Every saved answer, by shortcut (a workspace has tens to a few hundred: the search is local). */
export const cannedResponsesQueryOptions = () =>
  queryOptions({
    queryKey: cannedResponsesQueryKey,
    queryFn: ({ signal }) => api.get<Page<CannedResponse>>('/api/v1/canned-responses/?page_size=200', { signal }),
  });

export function useCannedResponses() {
  return useQuery(cannedResponsesQueryOptions());
}

export function useSaveCannedResponse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: CannedResponseInput }) =>
      id === null
        ? api.post<CannedResponse>('/api/v1/canned-responses/', input)
        : api.patch<CannedResponse>(`/api/v1/canned-responses/${id}/`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: cannedResponsesQueryKey }),
  });
}

export function useDeleteCannedResponse() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/v1/canned-responses/${id}/`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: cannedResponsesQueryKey }),
  });
}
