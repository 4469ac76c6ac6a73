import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { ChannelAccount, Page } from '../types';

export const channelAccountsQueryKey = ['settings', 'channel-accounts'] as const;

/** Every channel account of the workspace (a workspace has a handful: one page is plenty). */
export function getChannelAccounts(signal?: AbortSignal): Promise<Page<ChannelAccount>> {
  return api.get<Page<ChannelAccount>>('/api/v1/channel-accounts/?page_size=200', { signal });
}

export const channelAccountsQueryOptions = () =>
  queryOptions({ queryKey: channelAccountsQueryKey, queryFn: ({ signal }) => getChannelAccounts(signal) });

export function useChannelAccounts() {
  return useQuery(channelAccountsQueryOptions());
}
