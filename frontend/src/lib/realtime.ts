/**
 * The browser's one websocket to Dialogo (`/ws/`, authenticated by the session cookie).
 *
 * - Reconnects on its own with exponential backoff and jitter, so a server restart does not
 *   make every agent's browser knock at the same instant.
 * - Exposes its connection status for the header indicator.
 * - Features subscribe to event types (`case.created`, …) and update the TanStack Query
 *   cache from the payload; there is no second store.
 * - `seq` numbers come from the workspace's event log: they increase but skip events meant
 *   for other groups, so a gap is normal. After a reconnect the client asks the server for
 *   what it missed (`{"type": "resync", "since": lastSeq}`) and replays it; only when too
 *   much was missed does it emit {@link RESYNC_EVENT} so cached server state is refetched.
 *   `hello` subscribers run before that resync is sent, so what they re-send on a new
 *   connection (the open case's `subscribe`, the view's `watch`) is in place when the server
 *   works out what this socket missed.
 * - The server sends a socket its own, its teams' and (for supervisors) the whole floor's
 *   events; every case in the workspace only while the screen shows a workspace-wide view:
 *   {@link useRealtimeWatch} says which (`{"type": "watch", "scope"}`).
 */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';

export type RealtimeStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export interface RealtimeEvent<Payload = unknown> {
  type: string;
  payload: Payload;
  /** Position in the workspace's event log: increasing, with gaps for others' events. */
  seq?: number | undefined;
}

/** First frame on every connection: who the server thinks we are. */
export interface HelloFrame {
  type: 'hello';
  workspace: number;
  user: number;
  /** The log position at connect time: the baseline for the next resync. */
  seq?: number;
}

export type RealtimeHandler<Payload = unknown> = (event: RealtimeEvent<Payload>) => void;

/** Emitted locally (never by the server) when cached state may have missed events. */
export const RESYNC_EVENT = 'realtime.resync';
/** Subscribe to this to receive every event. */
export const ANY_EVENT = '*';
/** How many delivered seqs the client remembers to drop repeats. */
const SEEN_SEQ_MEMORY = 2000;

export interface RealtimeClient {
  /** Open the socket (no-op if already started). */
  start(): void;
  /** Close the socket and stop reconnecting. */
  stop(): void;
  getStatus(): RealtimeStatus;
  /** The last hello frame of the current connection, if any. */
  getHello(): HelloFrame | null;
  onStatusChange(listener: (status: RealtimeStatus) => void): () => void;
  subscribe<Payload = unknown>(type: string, handler: RealtimeHandler<Payload>): () => void;
  /** Send a frame to the server (`subscribe`, `typing`, …); false when not connected. */
  send(frame: Record<string, unknown>): boolean;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface RealtimeClientOptions {
  url?: string | (() => string);
  WebSocket?: new (url: string) => WebSocket;
  backoff?: Partial<BackoffOptions>;
  /** Source of randomness for jitter, injectable for tests. */
  random?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Window whose `online` event triggers an immediate retry; null to disable. */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2 };

/** `ws://host/ws/` or `wss://host/ws/`, matching the page's own protocol and host. */
export function realtimeUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/`;
}

/** Delay before reconnect attempt number `attempt` (0-based): exponential, capped, jittered to 50–100 %. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function createRealtimeClient(options: RealtimeClientOptions = {}): RealtimeClient {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
  const hostWindow = options.window === undefined ? globalThis.window : options.window;

  let status: RealtimeStatus = 'idle';
  let socket: WebSocket | null = null;
  let started = false;
  let attempt = 0;
  let retryTimer: unknown = null;
  let hello: HelloFrame | null = null;
  let lastSeq: number | null = null;
  const seenSeqs = new Set<number>();
  /** True once any connection opened: later openings may have missed events. */
  let hasConnectedBefore = false;

  const statusListeners = new Set<(status: RealtimeStatus) => void>();
  const handlers = new Map<string, Set<RealtimeHandler>>();

  function setStatus(next: RealtimeStatus) {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  }

  function emit(event: RealtimeEvent) {
    for (const key of [event.type, ANY_EVENT]) {
      for (const handler of [...(handlers.get(key) ?? [])]) {
        try {
          handler(event);
        } catch (error) {
          // One broken subscriber must not starve the others.
          console.error(`realtime: handler for "${event.type}" failed`, error);
        }
      }
    }
  }

  function resolveUrl(): string {
    if (typeof options.url === 'function') return options.url();
    return options.url ?? realtimeUrl();
  }

  function connect() {
    retryTimer = null;
    const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    let ws: WebSocket;
    try {
      ws = new WebSocketImpl(resolveUrl());
    } catch (error) {
      console.error('realtime: could not open websocket', error);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      setStatus('connected');
    };
    ws.onmessage = (message: MessageEvent) => {
      if (socket !== ws) return;
      handleFrame(message.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      hello = null;
      if (started) scheduleReconnect();
      else setStatus('idle');
    };
    // Every error is followed by a close event, which does the work.
    ws.onerror = () => undefined;
  }

  function handleFrame(data: unknown) {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { type } = frame as { type?: unknown };
    if (typeof type !== 'string') return;

    // A connection that talks is a healthy one: start backing off from scratch next time.
    attempt = 0;

    if (type === 'hello') {
      hello = frame as HelloFrame;
      const reconnected = hasConnectedBefore;
      if (!reconnected && typeof hello.seq === 'number') lastSeq = hello.seq;
      hasConnectedBefore = true;
      // First: subscribers re-send what this screen needs (watch, subscribe) …
      emit({ type, payload: frame });
      // … so the resync after it covers those groups too.
      if (reconnected) {
        if (lastSeq !== null) socket?.send(JSON.stringify({ type: 'resync', since: lastSeq }));
        else emit({ type: RESYNC_EVENT, payload: { reason: 'reconnected' } });
      }
      return;
    }
    if (type === 'resync') {
      const { events, complete } = frame as { events?: unknown; complete?: unknown };
      for (const missed of Array.isArray(events) ? events : []) deliver(missed);
      if (complete === false) emit({ type: RESYNC_EVENT, payload: { reason: 'too_many_missed' } });
      return;
    }
    deliver(frame);
  }

  function deliver(frame: unknown) {
    if (typeof frame !== 'object' || frame === null) return;
    const { type, payload, seq } = frame as { type?: unknown; payload?: unknown; seq?: unknown };
    if (typeof type !== 'string') return;
    if (typeof seq === 'number') {
      // Never show an event twice. A set, not "seq <= last": an older transaction may commit
      // (and arrive) after a newer one, and resync replays a short window before `since`.
      if (seenSeqs.has(seq)) return;
      seenSeqs.add(seq);
      if (seenSeqs.size > SEEN_SEQ_MEMORY) seenSeqs.delete(seenSeqs.values().next().value as number);
      lastSeq = lastSeq === null ? seq : Math.max(lastSeq, seq);
    }
    emit({ type, payload, seq: typeof seq === 'number' ? seq : undefined });
  }

  function scheduleReconnect() {
    if (!started || retryTimer !== null) return;
    setStatus('reconnecting');
    const delay = backoffDelay(attempt, backoff, random);
    attempt += 1;
    retryTimer = setTimer(connect, delay);
  }

  function retryNow() {
    if (!started || socket !== null) return;
    if (retryTimer !== null) clearTimer(retryTimer);
    connect();
  }

  return {
    start() {
      if (started) return;
      started = true;
      attempt = 0;
      hasConnectedBefore = false;
      setStatus('connecting');
      hostWindow?.addEventListener('online', retryNow);
      connect();
    },
    stop() {
      if (!started) return;
      started = false;
      hostWindow?.removeEventListener('online', retryNow);
      if (retryTimer !== null) clearTimer(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      hello = null;
      if (ws) {
        ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
        ws.close(1000, 'client stopped');
      }
      setStatus('idle');
    },
    getStatus: () => status,
    getHello: () => hello,
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    send(frame) {
      if (socket === null || status !== 'connected') return false;
      try {
        socket.send(JSON.stringify(frame));
        return true;
      } catch {
        return false;
      }
    },
    subscribe<Payload>(type: string, handler: RealtimeHandler<Payload>) {
      let set = handlers.get(type);
      if (!set) {
        set = new Set();
        handlers.set(type, set);
      }
      set.add(handler as RealtimeHandler);
      return () => {
        set.delete(handler as RealtimeHandler);
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// React bindings. The app provides one client; tests provide a fake one.

let browserClient: RealtimeClient | null = null;

/** The app's shared client, created on first use. */
export function getBrowserRealtimeClient(): RealtimeClient {
  browserClient ??= createRealtimeClient();
  return browserClient;
}

export const RealtimeContext = createContext<RealtimeClient | null>(null);

export function useRealtime(): RealtimeClient {
  const client = useContext(RealtimeContext);
  if (!client) throw new Error('useRealtime must be used inside <RealtimeContext value={client}>');
  return client;
}

export function useRealtimeStatus(): RealtimeStatus {
  const client = useRealtime();
  return useSyncExternalStore(client.onStatusChange, client.getStatus, client.getStatus);
}

/**
 * What the screen shows, for the server's routing: `workspace` while a workspace-wide view is on
 * screen (All, Unassigned, Pending, Snoozed, Breaching soon, a tag: every case of the workspace
 * can show up there), `teams` otherwise (Mine, a team's view, no inbox — the server's default).
 */
export type WatchScope = 'workspace' | 'teams';

/**
 * Tell the server `scope` now and again after every (re)connection, until the returned function
 * is called. A connection starts at `teams`, so the scope is re-sent on each `hello` (before the
 * client's resync: see the client).
 */
export function watchScope(client: RealtimeClient, scope: WatchScope): () => void {
  const send = () => {
    client.send({ type: 'watch', scope });
  };
  send();
  return client.subscribe('hello', send);
}

/** Keep the server told what the calling component shows; back to `teams` when it unmounts. */
export function useRealtimeWatch(scope: WatchScope): void {
  const client = useRealtime();
  useEffect(() => watchScope(client, scope), [client, scope]);
  useEffect(
    () => () => {
      client.send({ type: 'watch', scope: 'teams' });
    },
    [client],
  );
}

/** Run `handler` for every event of `type` while the calling component is mounted. */
export function useRealtimeEvent<Payload = unknown>(type: string, handler: RealtimeHandler<Payload>): void {
  const client = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => client.subscribe<Payload>(type, (event) => latest.current(event)), [client, type]);
}
