import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-schema';

import type { CaseRow } from '../types';
import { applyCaseRow } from '../utils/cache';
import { caseQueryKey } from './get-case';

type Schemas = components['schemas'];

/** The action (the URL's last segment) and its request body, as the OpenAPI schema types it. */
export type CaseChange =
  | ({ action: 'assign' } & Schemas['CaseAssignInputRequest'])
  | ({ action: 'status' } & Schemas['CaseStatusInputRequest'])
  | ({ action: 'priority' } & Schemas['CasePriorityInputRequest'])
  | ({ action: 'team' } & Schemas['CaseTeamInputRequest'])
  /** `until`: an ISO date-time; the case also wakes when the customer writes. */
  | ({ action: 'snooze' } & Schemas['CaseSnoozeInputRequest'])
  | ({ action: 'tags' } & Schemas['CaseTagsInputRequest']);

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
