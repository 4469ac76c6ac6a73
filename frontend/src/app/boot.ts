import type { QueryClient } from '@tanstack/react-query';

import { sessionQueryKey, sessionQueryOptions } from '@/features/auth/api/get-session';
import { prefetchInbox } from '@/features/inbox/api/prefetch-inbox';

import { preloadRoute } from './router';

/**
 * The first load, in parallel rather than one step after another (bench/frontend.py --waterfall
 * shows the difference): the session, the code of the page asked for, and — once the session
 * says someone is signed in — the inbox's first data, all while the shell's code still loads.
 */
export function bootPreload(queryClient: QueryClient, pathname: string): void {
  preloadRoute(pathname);
  void queryClient.prefetchQuery(sessionQueryOptions()).then(() => {
    if (queryClient.getQueryData(sessionQueryKey)) prefetchInbox(queryClient, pathname);
  });
}
