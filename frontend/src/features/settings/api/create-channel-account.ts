import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { ChannelAccount, ChannelAccountInput, Page } from '../types';
import { channelAccountsQueryKey } from './get-channel-accounts';

export function createChannelAccount(input: ChannelAccountInput): Promise<ChannelAccount> {
  return api.post<ChannelAccount>('/api/v1/channel-accounts/', input);
}

export function useCreateChannelAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createChannelAccount,
    onSuccess: (account) => {
      queryClient.setQueryData<Page<ChannelAccount>>(channelAccountsQueryKey, (page) =>
        page ? { ...page, count: page.count + 1, results: [...page.results, account] } : page,
      );
      void queryClient.invalidateQueries({ queryKey: channelAccountsQueryKey });
    },
  });
}
