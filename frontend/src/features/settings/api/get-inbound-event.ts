import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { InboundEventDetail } from '../types';
import { inboundEventsQueryRoot } from './get-inbound-events';

export const inboundEventQueryKey = (id: number) => [...inboundEventsQueryRoot, 'detail', id] as const;

export function getInboundEvent(id: number, signal?: AbortSignal): Promise<InboundEventDetail> {
  return api.get<InboundEventDetail>(`/api/v1/inbound-events/${id}/`, { signal });
}

export const inboundEventQueryOptions = (id: number) =>
  queryOptions({ queryKey: inboundEventQueryKey(id), queryFn: ({ signal }) => getInboundEvent(id, signal) });

export function useInboundEvent(id: number | null) {
  return useQuery({ ...inboundEventQueryOptions(id ?? 0), enabled: id !== null });
}
