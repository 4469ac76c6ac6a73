import { QueryCache, QueryClient, type QueryClientConfig } from '@tanstack/react-query';

import { ApiError } from '@/lib/api-client';

export const queryConfig = {
  queries: {
    staleTime: 60_000,
    refetchOnWindowFocus: true,
    retry: (failureCount: number, error: unknown) => {
      // 4xx answers will not change by asking again.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
      return failureCount < 2;
    },
  },
  mutations: { retry: false },
} satisfies QueryClientConfig['defaultOptions'];

export function createQueryClient(options: { onUnauthenticated?: (error: ApiError) => void } = {}) {
  return new QueryClient({
    defaultOptions: queryConfig,
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) options.onUnauthenticated?.(error);
      },
    }),
  });
}
