import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { InboundEvent, InboundEventStatus, Page } from '../types';

export const INBOUND_EVENTS_PAGE_SIZE = 50;

export interface InboundEventFilters {
  status: InboundEventStatus | null;
  channelAccount: number | null;
  page: number;
}

export const inboundEventsQueryRoot = ['settings', 'inbound-events'] as const;
export const inboundEventsQueryKey = (filters: InboundEventFilters) => [...inboundEventsQueryRoot, 'list', filters] as const;

export function getInboundEvents(filters: InboundEventFilters, signal?: AbortSignal): Promise<Page<InboundEvent>> {
  const query = new URLSearchParams({ page: String(filters.page), page_size: String(INBOUND_EVENTS_PAGE_SIZE) });
  if (filters.status) query.set('status', filters.status);
  if (filters.channelAccount !== null) query.set('channel_account', String(filters.channelAccount));
  return api.get<Page<InboundEvent>>(`/api/v1/inbound-events/?${query.toString()}`, { signal });
}

export const inboundEventsQueryOptions = (filters: InboundEventFilters) =>
  queryOptions({
    queryKey: inboundEventsQueryKey(filters),
    queryFn: ({ signal }) => getInboundEvents(filters, signal),
    placeholderData: keepPreviousData,
    // No realtime event tells us of new webhooks (they arrive by the hundred): poll while open.
    refetchInterval: 15_000,
  });

export function useInboundEvents(filters: InboundEventFilters) {
  return useQuery(inboundEventsQueryOptions(filters));
}
