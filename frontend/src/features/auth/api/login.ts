import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Credentials, Session } from '../types';
import { sessionQueryKey } from './get-session';

export function login(credentials: Credentials): Promise<Session> {
  return api.post<Session>('/api/v1/auth/login/', credentials);
}

export function useLogin({ onSuccess }: { onSuccess?: (session: Session) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => {
      // Anything cached belonged to whoever was here before.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, session);
      onSuccess?.(session);
    },
  });
}
