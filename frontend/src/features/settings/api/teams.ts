import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Page, Team, TeamChange, TeamInput } from '../types';

export const teamsQueryKey = ['settings', 'teams'] as const;
const membersQueryKey = ['settings', 'members'] as const;

export function getTeams(signal?: AbortSignal): Promise<Page<Team>> {
  return api.get<Page<Team>>('/api/v1/teams/?page_size=200', { signal });
}

export const teamsQueryOptions = () => queryOptions({ queryKey: teamsQueryKey, queryFn: ({ signal }) => getTeams(signal) });

export function useTeams() {
  return useQuery(teamsQueryOptions());
}

/** Create, rename or delete a team; members list their teams, so they are read again too. */
export function useSaveTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: TeamInput | TeamChange }) =>
      id === null ? api.post<Team>('/api/v1/teams/', input) : api.patch<Team>(`/api/v1/teams/${id}/`, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: teamsQueryKey });
      void queryClient.invalidateQueries({ queryKey: membersQueryKey });
    },
  });
}

export function useDeleteTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/v1/teams/${id}/`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: teamsQueryKey });
      void queryClient.invalidateQueries({ queryKey: membersQueryKey });
    },
  });
}
