import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Session } from '../types';
import { sessionQueryKey } from './get-session';

export function switchWorkspace({ workspace }: { workspace: string }): Promise<Session> {
  return api.post<Session>('/api/v1/auth/workspace/', { workspace });
}

export function useSwitchWorkspace({ onSuccess }: { onSuccess?: (session: Session) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: switchWorkspace,
    onSuccess: (session) => {
      // Every other cached answer was about the previous workspace.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, session);
      onSuccess?.(session);
    },
  });
}
