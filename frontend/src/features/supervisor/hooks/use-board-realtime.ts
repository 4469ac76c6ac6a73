import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { ANY_EVENT, useRealtime } from '@/lib/realtime';

import { boardQueryKey } from '../api/get-board';
import { createThrottle } from '../utils/board';

/**
 * Whether an event can move a count on the board: cases coming and changing, agents coming and
 * going, and every SLA event (`sla.updated`, `sla.at_risk`, `sla.breached`, and any added later).
 */
export function isBoardEvent(type: string): boolean {
  return type === 'case.created' || type === 'case.updated' || type === 'presence.updated' || type.startsWith('sla.');
}

/** At most one refetch per this long, however busy the workspace. */
export const BOARD_EVENT_THROTTLE_MS = 3_000;

/**
 * Refetches the board when something on it changed. The events cannot say how a count moved (a
 * case update may change its team, its assignee and who spoke last at once), so they invalidate
 * the query rather than patch it; a burst of events becomes one request every few seconds.
 */
export function useBoardRealtime() {
  const realtime = useRealtime();
  const queryClient = useQueryClient();
  useEffect(() => {
    const throttle = createThrottle(
      () => void queryClient.invalidateQueries({ queryKey: boardQueryKey, exact: true }),
      BOARD_EVENT_THROTTLE_MS,
    );
    const off = realtime.subscribe(ANY_EVENT, ({ type }) => {
      if (isBoardEvent(type)) throttle.call();
    });
    return () => {
      throttle.cancel();
      off();
    };
  }, [realtime, queryClient]);
}
