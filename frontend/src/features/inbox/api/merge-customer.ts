import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-schema';

import { caseQueryRoot } from './get-case';
import { caseCountsQueryKey } from './get-case-counts';
import { casesQueryRoot } from './get-cases';
import { customerCasesQueryRoot } from './get-customer-cases';
import { mergeSuggestionsQueryRoot } from './get-merge-suggestions';

export type CustomerMergeResult = components['schemas']['CustomerMergeResult'];

/** Merge customer `sourceId` into `targetId`: its channels, cases and tags move to the target. Supervisors and admins. */
export function mergeCustomer(targetId: number, sourceId: number): Promise<CustomerMergeResult> {
  return api.post<CustomerMergeResult>(`/api/v1/customers/${targetId}/merge/`, { source_id: sourceId });
}

/**
 * Everything that shows either customer follows: the cases (their customer's channels), the
 * customer's cases, the suggestions, and the lists whose rows named the merged customer.
 */
export function useMergeCustomer(targetId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sourceId: number) => mergeCustomer(targetId, sourceId),
    onSuccess: () => {
      // The open case, and any cached case of the merged customer (now the target's).
      void queryClient.invalidateQueries({ queryKey: caseQueryRoot });
      void queryClient.invalidateQueries({ queryKey: customerCasesQueryRoot });
      void queryClient.invalidateQueries({ queryKey: mergeSuggestionsQueryRoot });
      void queryClient.invalidateQueries({ queryKey: casesQueryRoot });
      void queryClient.invalidateQueries({ queryKey: caseCountsQueryKey });
    },
  });
}
