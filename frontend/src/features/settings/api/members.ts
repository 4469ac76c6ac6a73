import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Member, MemberChange, Page } from '../types';
import { teamsQueryKey } from './teams';

export const membersQueryKey = ['settings', 'members'] as const;

/** Everyone in the workspace, removed members included (a workspace has tens of people: one page). */
export function getMembers(signal?: AbortSignal): Promise<Page<Member>> {
  return api.get<Page<Member>>('/api/v1/members/?page_size=200', { signal });
}

export const membersQueryOptions = () =>
  queryOptions({ queryKey: membersQueryKey, queryFn: ({ signal }) => getMembers(signal) });

export function useMembers() {
  return useQuery(membersQueryOptions());
}

export function updateMember(id: number, change: MemberChange): Promise<Member> {
  return api.patch<Member>(`/api/v1/members/${id}/`, change);
}

/** PATCH a member's role and/or teams; the teams list reads its members again. */
export function useUpdateMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: MemberChange }) => updateMember(id, change),
    onSuccess: (member) => {
      queryClient.setQueryData<Page<Member>>(membersQueryKey, (page) =>
        page ? { ...page, results: page.results.map((row) => (row.id === member.id ? member : row)) } : page,
      );
      void queryClient.invalidateQueries({ queryKey: teamsQueryKey });
    },
  });
}
