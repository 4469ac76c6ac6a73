import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { CaseDetail } from '../types';

export const caseQueryRoot = ['inbox', 'case'] as const;
export const caseQueryKey = (caseId: number) => [...caseQueryRoot, caseId] as const;

export function getCase(caseId: number, signal?: AbortSignal): Promise<CaseDetail> {
  return api.get<CaseDetail>(`/api/v1/cases/${caseId}/`, { signal });
}

export const caseQueryOptions = (caseId: number) =>
  queryOptions({ queryKey: caseQueryKey(caseId), queryFn: ({ signal }) => getCase(caseId, signal) });

export function useCase(caseId: number | null) {
  return useQuery({ ...caseQueryOptions(caseId ?? 0), enabled: caseId !== null });
}
