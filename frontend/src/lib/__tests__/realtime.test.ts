import { renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createFakeRealtime } from '@/testing/test-utils';

import {
  backoffDelay,
  createRealtimeClient,
  DEFAULT_BACKOFF,
  type RealtimeEvent,
  realtimeUrl,
  RealtimeContext,
  RESYNC_EVENT,
  useRealtimeWatch,
  type WatchScope,
  watchScope,
} from '../realtime';

/** Just enough of a browser WebSocket for the client; tests play the server. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  sent: unknown[] = [];

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  close() {
    this.closed = true;
  }

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }

  serverOpens() {
    this.onopen?.(new Event('open'));
  }

  serverSends(frame: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }

  serverDrops() {
    this.onclose?.(new CloseEvent('close', { code: 1006 }));
  }

  static last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }
}

function makeClient() {
  return createRealtimeClient({
    url: 'ws://dialogo.test/ws/',
    WebSocket: FakeSocket as unknown as new (url: string) => WebSocket,
    random: () => 1, // no jitter: delays are exactly the ceiling
    window: null,
  });
}

describe('realtime client', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes connecting → connected and reports every change', () => {
    const client = makeClient();
    const statuses: string[] = [];
    client.onStatusChange((status) => statuses.push(status));

    client.start();
    expect(FakeSocket.last().url).toBe('ws://dialogo.test/ws/');
    FakeSocket.last().serverOpens();
    FakeSocket.last().serverSends({ type: 'hello', workspace: 1, user: 7 });

    expect(statuses).toEqual(['connecting', 'connected']);
    expect(client.getHello()).toEqual({ type: 'hello', workspace: 1, user: 7 });
  });

  it('delivers events to subscribers of their type and to wildcard subscribers', () => {
    const client = makeClient();
    const created: RealtimeEvent[] = [];
    const everything: string[] = [];
    client.subscribe('case.created', (event) => created.push(event));
    client.subscribe('*', (event) => everything.push(event.type));
    client.start();
    FakeSocket.last().serverOpens();

    FakeSocket.last().serverSends({ type: 'case.created', payload: { id: 5 }, seq: 1 });
    FakeSocket.last().serverSends({ type: 'message.created', payload: { id: 9 }, seq: 2 });

    expect(created).toEqual([{ type: 'case.created', payload: { id: 5 }, seq: 1 }]);
    expect(everything).toEqual(['case.created', 'message.created']);
  });

  it('drops repeated events and takes seq gaps as normal (other groups\' events)', () => {
    const client = makeClient();
    const seen: Array<number | undefined> = [];
    const resyncs: unknown[] = [];
    client.subscribe('case.updated', (event) => seen.push(event.seq));
    client.subscribe(RESYNC_EVENT, (event) => resyncs.push(event.payload));
    client.start();
    const socket = FakeSocket.last();
    socket.serverOpens();

    socket.serverSends({ type: 'case.updated', payload: {}, seq: 1 });
    socket.serverSends({ type: 'case.updated', payload: {}, seq: 1 });
    socket.serverSends({ type: 'case.updated', payload: {}, seq: 4 });
    // An older transaction committing late: delivered, once.
    socket.serverSends({ type: 'case.updated', payload: {}, seq: 3 });
    socket.serverSends({ type: 'case.updated', payload: {}, seq: 3 });

    expect(seen).toEqual([1, 4, 3]);
    expect(resyncs).toEqual([]);
  });

  it('ignores frames that are not JSON events', () => {
    const client = makeClient();
    const handler = vi.fn();
    client.subscribe('*', handler);
    client.start();
    const socket = FakeSocket.last();
    socket.serverOpens();

    socket.onmessage?.(new MessageEvent('message', { data: 'not json' }));
    socket.serverSends({ no: 'type' });
    socket.serverSends(42);

    expect(handler).not.toHaveBeenCalled();
  });

  it('reconnects with exponential backoff and resyncs after coming back', () => {
    const client = makeClient();
    const resync = vi.fn();
    client.subscribe(RESYNC_EVENT, resync);
    client.start();
    FakeSocket.last().serverOpens();

    FakeSocket.last().serverDrops();
    expect(client.getStatus()).toBe('reconnecting');
    expect(FakeSocket.instances).toHaveLength(1);

    vi.advanceTimersByTime(DEFAULT_BACKOFF.initialMs - 1);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);

    // Second failure in a row waits twice as long.
    FakeSocket.last().serverDrops();
    vi.advanceTimersByTime(DEFAULT_BACKOFF.initialMs * 2 - 1);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);

    FakeSocket.last().serverOpens();
    expect(client.getStatus()).toBe('connected');
    expect(resync).not.toHaveBeenCalled();
  });

  it('asks for missed events after a reconnect and replays them once', () => {
    const client = makeClient();
    const seen: Array<number | undefined> = [];
    const resync = vi.fn();
    client.subscribe('case.updated', (event) => seen.push(event.seq));
    client.subscribe(RESYNC_EVENT, resync);
    client.start();
    FakeSocket.last().serverOpens();
    FakeSocket.last().serverSends({ type: 'hello', workspace: 1, user: 1, seq: 10 });
    FakeSocket.last().serverSends({ type: 'case.updated', payload: {}, seq: 12 });
    FakeSocket.last().serverDrops();
    vi.advanceTimersByTime(DEFAULT_BACKOFF.initialMs);

    const socket = FakeSocket.last();
    socket.serverOpens();
    socket.serverSends({ type: 'hello', workspace: 1, user: 1, seq: 20 });
    expect(socket.sent).toEqual([{ type: 'resync', since: 12 }]);
    // The server replays a window before `since`: what was seen is dropped.
    socket.serverSends({
      type: 'resync',
      complete: true,
      events: [
        { type: 'case.updated', payload: {}, seq: 12 },
        { type: 'case.updated', payload: {}, seq: 15 },
      ],
    });
    expect(seen).toEqual([12, 15]);
    expect(resync).not.toHaveBeenCalled();

    socket.serverSends({ type: 'resync', complete: false, events: [] });
    expect(resync).toHaveBeenCalledWith(expect.objectContaining({ payload: { reason: 'too_many_missed' } }));
  });

  it('tells the server what the view needs, again after a reconnect and before the resync', () => {
    const client = makeClient();
    const stopWatching = watchScope(client, 'workspace'); // before the socket is open: sent on hello
    client.start();
    FakeSocket.last().serverOpens();
    FakeSocket.last().serverSends({ type: 'hello', workspace: 1, user: 1, seq: 10 });
    expect(FakeSocket.last().sent).toEqual([{ type: 'watch', scope: 'workspace' }]);
    FakeSocket.last().serverSends({ type: 'case.updated', payload: {}, seq: 12 });

    // The view changes to Mine: the old scope stops being re-sent, the new one is sent now.
    stopWatching();
    const stopMine = watchScope(client, 'teams');
    expect(FakeSocket.last().sent).toEqual([
      { type: 'watch', scope: 'workspace' },
      { type: 'watch', scope: 'teams' },
    ]);

    FakeSocket.last().serverDrops();
    vi.advanceTimersByTime(DEFAULT_BACKOFF.initialMs);
    const socket = FakeSocket.last();
    socket.serverOpens();
    socket.serverSends({ type: 'hello', workspace: 1, user: 1, seq: 20 });
    // The scope first, so the resync covers the groups the socket is in again.
    expect(socket.sent).toEqual([
      { type: 'watch', scope: 'teams' },
      { type: 'resync', since: 12 },
    ]);
    stopMine();
  });

  it('starts backing off from scratch once a connection has talked', () => {
    const client = makeClient();
    client.start();
    FakeSocket.last().serverDrops();
    vi.advanceTimersByTime(DEFAULT_BACKOFF.initialMs);
    FakeSocket.last().serverDrops();
    vi.advanceTimersByTime(DEFAULT_BACKOFF.initialMs * 2);
    FakeSocket.last().serverOpens();
    FakeSocket.last().serverSends({ type: 'hello', workspace: 1, user: 1 });

    FakeSocket.last().serverDrops();
    const before = FakeSocket.instances.length;
    vi.advanceTimersByTime(DEFAULT_BACKOFF.initialMs);
    expect(FakeSocket.instances).toHaveLength(before + 1);
  });

  it('stops for good: closes the socket and never reconnects', () => {
    const client = makeClient();
    client.start();
    const socket = FakeSocket.last();
    socket.serverOpens();

    client.stop();
    expect(socket.closed).toBe(true);
    expect(client.getStatus()).toBe('idle');
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('keeps delivering when one subscriber throws', () => {
    const client = makeClient();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const healthy = vi.fn();
    client.subscribe('x', () => {
      throw new Error('boom');
    });
    client.subscribe('x', healthy);
    client.start();
    FakeSocket.last().serverOpens();

    FakeSocket.last().serverSends({ type: 'x', payload: null });

    expect(healthy).toHaveBeenCalledTimes(1);
    expect(consoleError).toHaveBeenCalled();
  });
});

describe('useRealtimeWatch', () => {
  it('sends the scope when the view changes, after each hello, and teams when the view goes away', () => {
    const realtime = createFakeRealtime('connected');
    const wrapper = ({ children }: { children: ReactNode }) => createElement(RealtimeContext, { value: realtime }, children);
    const { rerender, unmount } = renderHook(({ scope }: { scope: WatchScope }) => useRealtimeWatch(scope), {
      wrapper,
      initialProps: { scope: 'workspace' },
    });
    expect(realtime.sent).toEqual([{ type: 'watch', scope: 'workspace' }]);
    rerender({ scope: 'teams' });
    realtime.emit('hello', {}); // a new connection starts at `teams` server-side: told again
    rerender({ scope: 'workspace' });
    unmount();
    expect(realtime.sent).toEqual([
      { type: 'watch', scope: 'workspace' },
      { type: 'watch', scope: 'teams' },
      { type: 'watch', scope: 'teams' },
      { type: 'watch', scope: 'workspace' },
      { type: 'watch', scope: 'teams' },
    ]);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap and jitters between half and all of it', () => {
    const options = { initialMs: 500, maxMs: 30_000, factor: 2 };
    expect(backoffDelay(0, options, () => 1)).toBe(500);
    expect(backoffDelay(3, options, () => 1)).toBe(4000);
    expect(backoffDelay(20, options, () => 1)).toBe(30_000);
    expect(backoffDelay(20, options, () => 0)).toBe(15_000);
  });
});

describe('realtimeUrl', () => {
  it('follows the page protocol', () => {
    expect(realtimeUrl({ protocol: 'http:', host: 'localhost:8000' })).toBe('ws://localhost:8000/ws/');
    expect(realtimeUrl({ protocol: 'https:', host: 'dialogo.example' })).toBe('wss://dialogo.example/ws/');
  });
});
