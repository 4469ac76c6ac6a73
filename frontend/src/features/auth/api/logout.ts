import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, ApiError } from '@/lib/api-client';

import { sessionQueryKey } from './get-session';

export function logout(): Promise<void> {
  return api.post<void>('/api/v1/auth/logout/');
}

export function useLogout({ onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  const forget = () => {
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
    queryClient.setQueryData(sessionQueryKey, null);
    onSuccess?.();
  };
  return useMutation({
    mutationFn: logout,
    onSuccess: forget,
    onError: (error) => {
      // Already signed out on the server (session expired): the goal is reached.
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) forget();
    },
  });
}
