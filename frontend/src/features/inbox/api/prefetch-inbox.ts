import type { QueryClient } from '@tanstack/react-query';

import { parseInboxView } from '../types';
import { breachingSoonQueryOptions } from './get-breaching-soon';
import { caseCountsQueryOptions } from './get-case-counts';
import { casesQueryOptions } from './get-cases';
import { membersQueryOptions } from './get-members';
import { teamsQueryOptions } from './get-teams';

/**
 * What the inbox asks for on its first render, asked before its code has even arrived: the app
 * calls this at boot, for a signed-in person opening an inbox URL, so the case list comes back
 * while the inbox chunk is still loading. Same query options as the hooks: nothing is fetched
 * twice, the hooks find the answers in the cache.
 */
export function prefetchInbox(queryClient: QueryClient, pathname: string): void {
  const match = /^\/inbox(?:\/([^/]+))?/.exec(pathname);
  if (!match && pathname !== '/') return;
  const view = parseInboxView(match?.[1] ? decodeURIComponent(match[1]) : undefined);
  void queryClient.prefetchInfiniteQuery(casesQueryOptions(view));
  void queryClient.prefetchQuery(caseCountsQueryOptions());
  void queryClient.prefetchQuery(teamsQueryOptions());
  void queryClient.prefetchQuery(membersQueryOptions());
  void queryClient.prefetchQuery(breachingSoonQueryOptions());
}
