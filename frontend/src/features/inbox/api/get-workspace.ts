import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-schema';

type Workspace = components['schemas']['Workspace'];

export const workspaceQueryKey = ['inbox', 'workspace'] as const;

export const workspaceQueryOptions = () =>
  queryOptions({
    queryKey: workspaceQueryKey,
    queryFn: ({ signal }) => api.get<Workspace>('/api/v1/workspace/', { signal }),
    staleTime: 10 * 60_000,
  });

/**
 * The workspace's time zone (its business day: "tomorrow at 9:00" means 9:00 there), or
 * undefined until it is known, when callers fall back to the browser's.
 */
export function useWorkspaceTimeZone(): string | undefined {
  return useQuery(workspaceQueryOptions()).data?.timezone || undefined;
}
