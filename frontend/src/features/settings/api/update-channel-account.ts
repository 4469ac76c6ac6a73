import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { ChannelAccount, ChannelAccountChange, Page } from '../types';
import { channelAccountsQueryKey } from './get-channel-accounts';

export function updateChannelAccount(id: number, change: ChannelAccountChange): Promise<ChannelAccount> {
  return api.patch<ChannelAccount>(`/api/v1/channel-accounts/${id}/`, change);
}

/** PATCH one account; the list shows the server's answer (masked credentials included). */
export function useUpdateChannelAccount(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: ChannelAccountChange) => updateChannelAccount(id, change),
    onSuccess: (account) => {
      queryClient.setQueryData<Page<ChannelAccount>>(channelAccountsQueryKey, (page) =>
        page ? { ...page, results: page.results.map((row) => (row.id === account.id ? account : row)) } : page,
      );
    },
  });
}
