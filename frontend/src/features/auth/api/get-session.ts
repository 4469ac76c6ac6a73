import { queryOptions, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';

import { api, ApiError } from '@/lib/api-client';

import type { Session } from '../types';

export const sessionQueryKey = ['auth', 'session'] as const;

declare global {
  interface Window {
    /** The session request index.html starts before the app's code has loaded (first load only). */
    __dialogoSession?: Promise<Response> | undefined;
  }
}

/** The answer to index.html's early session request, once; undefined unless it was a session. */
async function takeEarlySession(): Promise<Session | undefined> {
  const early = typeof window === 'undefined' ? undefined : window.__dialogoSession;
  if (!early) return undefined;
  window.__dialogoSession = undefined;
  try {
    const response = await early;
    return response.ok ? ((await response.json()) as Session) : undefined; // anything else: ask again, properly
  } catch {
    return undefined;
  }
}

/** The current session, or `null` when nobody is signed in (the API answers 401). */
export async function getSession({ signal }: { signal?: AbortSignal } = {}): Promise<Session | null> {
  const early = await takeEarlySession();
  if (early) return early;
  try {
    return await api.get<Session>('/api/v1/auth/session/', { signal });
  } catch (error) {
    if (error instanceof ApiError && isSignedOut(error)) return null;
    throw error;
  }
}

function isSignedOut(error: ApiError): boolean {
  // DRF answers 403 instead of 401 when no authenticator offers a challenge.
  return error.status === 401 || (error.status === 403 && error.code === 'not_authenticated');
}

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => getSession({ signal }),
    staleTime: 5 * 60_000,
  });

export function useSession() {
  return useQuery(sessionQueryOptions());
}

/**
 * The session of a signed-in person, for components rendered inside `<RequireAuth>`,
 * which guarantees there is one.
 */
export function useSignedInSession(): Session {
  const { data } = useSession();
  // On logout the session turns null while React may still be rendering the signed-in tree
  // (a concurrent render can see the new value before <RequireAuth> redirects): keep showing
  // the last session for that render instead of throwing.
  const last = useRef(data);
  if (data) last.current = data;
  if (!last.current) throw new Error('useSignedInSession used outside <RequireAuth>');
  return last.current;
}
