import { queryOptions, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { Board } from '../types';

/** How often the board refetches on its own; realtime events refetch it sooner. */
export const BOARD_REFETCH_MS = 15_000;

export const boardQueryKey = ['supervisor', 'board'] as const;

export function getBoard({ signal }: { signal?: AbortSignal } = {}): Promise<Board> {
  return api.get<Board>('/api/v1/board/', { signal });
}

export const boardQueryOptions = () =>
  queryOptions({
    queryKey: boardQueryKey,
    queryFn: ({ signal }) => getBoard({ signal }),
    // Counts are only worth showing fresh: refetch on every mount and on a timer (realtime
    // events cannot say how a count changed: presence, SLA and case events all move them).
    staleTime: 0,
    refetchInterval: BOARD_REFETCH_MS,
  });

export function useBoard() {
  return useQuery(boardQueryOptions());
}
