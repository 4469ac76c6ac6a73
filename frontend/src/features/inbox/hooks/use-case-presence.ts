import { useEffect, useRef, useState } from 'react';

import { useRealtime, useRealtimeEvent } from '@/lib/realtime';

import type { ComposerMode } from '../api/send-message';
import type { CaseTypingPayload, CaseViewersPayload } from '../types';

const TYPING_EXPIRES_MS = 6_000;
const TYPING_THROTTLE_MS = 2_500;

interface Person {
  user_id: number;
  name: string;
}

/**
 * Subscribes the socket to the open case (so its messages arrive and colleagues see us),
 * and tells who else is viewing or typing. Ephemeral, so component state, not the cache.
 */
export function useCasePresence(caseId: number, currentUserId: number) {
  const realtime = useRealtime();
  const [viewers, setViewers] = useState<Person[]>([]);
  const [typing, setTyping] = useState<(Person & { until: number })[]>([]);

  useEffect(() => {
    setViewers([]);
    setTyping([]);
    realtime.send({ type: 'subscribe', case: caseId });
    // A new connection starts with no subscriptions: subscribe again after every hello.
    const off = realtime.subscribe('hello', () => realtime.send({ type: 'subscribe', case: caseId }));
    return () => {
      off();
      realtime.send({ type: 'unsubscribe', case: caseId });
    };
  }, [realtime, caseId]);

  useRealtimeEvent<CaseViewersPayload>('case.viewers', ({ payload }) => {
    if (payload.case_id !== caseId) return;
    setViewers(payload.viewers.filter((viewer) => viewer.user_id !== currentUserId));
  });

  useRealtimeEvent<CaseTypingPayload>('case.typing', ({ payload }) => {
    if (payload.case_id !== caseId || payload.user_id === currentUserId) return;
    setTyping((current) => {
      const others = current.filter((person) => person.user_id !== payload.user_id);
      if (!payload.is_typing) return others;
      return [...others, { user_id: payload.user_id, name: payload.name, until: Date.now() + TYPING_EXPIRES_MS }];
    });
  });

  // Someone whose "stopped typing" never came (closed tab) stops typing by themselves.
  useEffect(() => {
    if (typing.length === 0) return;
    const timer = setTimeout(() => setTyping((current) => current.filter((p) => p.until > Date.now())), 1_000);
    return () => clearTimeout(timer);
  }, [typing]);

  // Our own typing, throttled: one frame every few seconds while keys are pressed. Each says
  // what is being written: colleagues see both, the customer (web chat) only a reply, never a
  // note — so a switch between the two is said at once.
  const lastSent = useRef(0);
  const lastMode = useRef<ComposerMode>('reply');
  const stopTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reportTyping = (isTyping: boolean, mode: ComposerMode) => {
    if (stopTimer.current) clearTimeout(stopTimer.current);
    stopTimer.current = null;
    if (!isTyping) {
      if (lastSent.current !== 0) realtime.send({ type: 'typing', case: caseId, is_typing: false, mode: lastMode.current });
      lastSent.current = 0;
      return;
    }
    const now = Date.now();
    if (now - lastSent.current > TYPING_THROTTLE_MS || mode !== lastMode.current) {
      realtime.send({ type: 'typing', case: caseId, is_typing: true, mode });
      lastSent.current = now;
      lastMode.current = mode;
    }
    stopTimer.current = setTimeout(() => reportTyping(false, mode), TYPING_THROTTLE_MS * 2);
  };
  useEffect(
    () => () => {
      if (stopTimer.current) clearTimeout(stopTimer.current);
    },
    [],
  );

  return { viewers, typing, reportTyping };
}
