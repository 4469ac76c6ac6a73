import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Page, TaggingRule, TaggingRuleInput } from '../types';

export const taggingRulesQueryKey = ['settings', 'tagging-rules'] as const;

export const taggingRulesQueryOptions = () =>
  queryOptions({
    queryKey: taggingRulesQueryKey,
    queryFn: ({ signal }) => api.get<Page<TaggingRule>>('/api/v1/tagging-rules/?page_size=200', { signal }),
  });

export function useTaggingRules() {
  return useQuery(taggingRulesQueryOptions());
}

/** Create (id null) or change a rule; a change may be partial (e.g. only `is_active`). */
export function useSaveTaggingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: Partial<TaggingRuleInput> }) =>
      id === null
        ? api.post<TaggingRule>('/api/v1/tagging-rules/', input)
        : api.patch<TaggingRule>(`/api/v1/tagging-rules/${id}/`, input),
    onSuccess: (rule) => {
      queryClient.setQueryData<Page<TaggingRule>>(taggingRulesQueryKey, (page) =>
        page && page.results.some((row) => row.id === rule.id)
          ? { ...page, results: page.results.map((row) => (row.id === rule.id ? rule : row)) }
          : page,
      );
      void queryClient.invalidateQueries({ queryKey: taggingRulesQueryKey });
    },
  });
}

export function useDeleteTaggingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/v1/tagging-rules/${id}/`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: taggingRulesQueryKey }),
  });
}
