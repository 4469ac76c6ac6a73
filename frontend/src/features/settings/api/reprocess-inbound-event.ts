import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { InboundEvent } from '../types';
import { inboundEventsQueryRoot } from './get-inbound-events';

/** Queue a dead, failed, ignored or processed request to be processed again (202). */
export function reprocessInboundEvent(id: number): Promise<InboundEvent> {
  return api.post<InboundEvent>(`/api/v1/inbound-events/${id}/reprocess/`);
}

export function useReprocessInboundEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reprocessInboundEvent,
    // The event is pending now, and soon processed: the log and the detail read it again.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: inboundEventsQueryRoot }),
  });
}
