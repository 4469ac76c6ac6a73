import { useQueryClient } from '@tanstack/react-query';

import { useRealtimeEvent } from '@/lib/realtime';

import { caseQueryKey } from '../api/get-case';
import { membersQueryKey } from '../api/get-members';
import type {
  CaseSummaryPayload,
  Member,
  MessageCreatedPayload,
  MessageUpdatedPayload,
  Paginated,
  SlaAlertPayload,
  SlaUpdatedPayload,
} from '../types';
import { appendMessage, applyCaseRow, applyMessageUpdate, applySlaAlert, applySlaUpdate } from '../utils/cache';

/** Server events → query cache, for as long as the inbox is on screen. */
export function useInboxRealtime(myMemberId: number | null) {
  const queryClient = useQueryClient();

  const onCase = ({ payload }: { payload: CaseSummaryPayload }) => applyCaseRow(queryClient, payload, myMemberId);
  useRealtimeEvent<CaseSummaryPayload>('case.created', onCase);
  useRealtimeEvent<CaseSummaryPayload>('case.updated', onCase);

  useRealtimeEvent<MessageCreatedPayload>('message.created', ({ payload }) => {
    const { author_id: authorId, ...message } = payload;
    const members = queryClient.getQueryData<Paginated<Member>>(membersQueryKey)?.results ?? [];
    const member = members.find((m) => m.id === authorId);
    const author = member ? { id: member.id, name: member.user.name || member.user.email } : null;
    appendMessage(queryClient, { ...message, author });
    // The event carries the platform's links only; the case detail has our authorised copies.
    if (message.attachments?.some((attachment) => attachment.id === undefined)) {
      void queryClient.invalidateQueries({ queryKey: caseQueryKey(message.case_id), exact: true });
    }
  });

  // Delivery receipts, and the customer's edits, withdrawals and reactions.
  useRealtimeEvent<MessageUpdatedPayload>('message.updated', ({ payload }) => applyMessageUpdate(queryClient, payload));

  // Timeline rows carry ids and actors only in the detail: refetch the open case.
  useRealtimeEvent<{ case_id: number }>('case.timeline', ({ payload }) => {
    void queryClient.invalidateQueries({ queryKey: caseQueryKey(payload.case_id) });
  });

  // SLA clocks: the case's full clocks (the case header) and its rows' clocks follow these;
  // the countdowns tick on their own.
  useRealtimeEvent<SlaUpdatedPayload>('sla.updated', ({ payload }) => applySlaUpdate(queryClient, payload));
  useRealtimeEvent<SlaAlertPayload>('sla.at_risk', ({ payload }) => applySlaAlert(queryClient, payload, 'at_risk'));
  useRealtimeEvent<SlaAlertPayload>('sla.breached', ({ payload }) => applySlaAlert(queryClient, payload, 'breached'));
}
