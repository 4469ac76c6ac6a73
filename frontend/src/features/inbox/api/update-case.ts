import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { CasePriority, CaseRow, CaseStatus } from '../types';
import { applyCaseRow } from '../utils/cache';
import { caseQueryKey } from './get-case';

export type CaseChange =
  | { action: 'assign'; assignee_id: number | null }
  | { action: 'status'; status: CaseStatus }
  | { action: 'priority'; priority: CasePriority }
  | { action: 'team'; team_id: number | null }
  /** `until`: an ISO date-time; the case also wakes when the customer writes. */
  | { action: 'snooze'; until: string }
  | { action: 'tags'; add: string[]; remove: string[] };

/** `POST cases/{id}/assign|status|priority|team|snooze|tags/`: each answers with the updated case row. */
export function updateCase(caseId: number, change: CaseChange): Promise<CaseRow> {
  const { action, ...body } = change;
  return api.post<CaseRow>(`/api/v1/cases/${caseId}/${action}/`, body);
}

export function useUpdateCase(caseId: number, myMemberId: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: CaseChange) => updateCase(caseId, change),
    onSuccess: (row) => {
      applyCaseRow(queryClient, row, myMemberId);
      // The detail's nested assignee and timeline come with the next fetch.
      void queryClient.invalidateQueries({ queryKey: caseQueryKey(caseId) });
    },
  });
}
