import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Member, Paginated } from '../types';

export const membersQueryKey = ['inbox', 'members'] as const;

export function getMembers(signal?: AbortSignal): Promise<Paginated<Member>> {
  return api.get<Paginated<Member>>('/api/v1/members/?is_active=true&page_size=200', { signal });
}

export const membersQueryOptions = () =>
  queryOptions({
    queryKey: membersQueryKey,
    queryFn: ({ signal }) => getMembers(signal),
    staleTime: 5 * 60_000,
    select: (page) => page.results,
  });

export function useMembers() {
  return useQuery(membersQueryOptions());
}

/** A member's display name: their name, else their email. */
export function memberName(member: Member): string {
  return member.user.name?.trim() || member.user.email;
}
