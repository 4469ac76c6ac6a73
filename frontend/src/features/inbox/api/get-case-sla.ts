import { queryOptions, useQuery } from '@tanstack/react-query';

import { api, ApiError } from '@/lib/api-client';

import type { CaseSla } from '../types';

export const slaQueryRoot = ['inbox', 'sla'] as const;
export const caseSlaQueryKey = (caseId: number) => [...slaQueryRoot, caseId] as const;

/** A case's clocks; null when the case has none (no policy applied): a 404 is an answer here. */
export async function getCaseSla(caseId: number, signal?: AbortSignal): Promise<CaseSla | null> {
  try {
    return await api.get<CaseSla>(`/api/v1/sla/cases/${caseId}/`, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const caseSlaQueryOptions = (caseId: number) =>
  queryOptions({
    queryKey: caseSlaQueryKey(caseId),
    queryFn: ({ signal }) => getCaseSla(caseId, signal),
    // Fetched once per case: `sla.updated` events keep it current (see use-inbox-realtime),
    // a resync refetches it, and the countdown ticks on the client.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60_000,
    refetchOnWindowFocus: false,
  });

export function useCaseSla(caseId: number, enabled = true) {
  return useQuery({ ...caseSlaQueryOptions(caseId), enabled });
}
