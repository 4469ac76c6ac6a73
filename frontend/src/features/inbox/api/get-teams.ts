import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Paginated, Team } from '../types';

export const teamsQueryKey = ['inbox', 'teams'] as const;

export function getTeams(signal?: AbortSignal): Promise<Paginated<Team>> {
  return api.get<Paginated<Team>>('/api/v1/teams/?page_size=200', { signal });
}

export const teamsQueryOptions = () =>
  queryOptions({
    queryKey: teamsQueryKey,
    queryFn: ({ signal }) => getTeams(signal),
    staleTime: 5 * 60_000,
    select: (page) => page.results,
  });

export function useTeams() {
  return useQuery(teamsQueryOptions());
}
