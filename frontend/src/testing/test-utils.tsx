import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';

import { AppProvider, createAppQueryClient } from '@/app/provider';
import { AppRoutes } from '@/app/router';
import type { RealtimeClient, RealtimeHandler, RealtimeStatus } from '@/lib/realtime';

/** A realtime client that never opens a socket; tests drive its status by hand. */
export function createFakeRealtime(initial: RealtimeStatus = 'idle') {
  let status = initial;
  const listeners = new Set<(status: RealtimeStatus) => void>();
  const handlers = new Map<string, Set<RealtimeHandler>>();
  const client: RealtimeClient & {
    setStatus(next: RealtimeStatus): void;
    started: number;
    /** Frames the app sent to the server. */
    sent: Record<string, unknown>[];
    /** Play the server: deliver an event to the app's subscribers. */
    emit(type: string, payload: unknown): void;
  } = {
    started: 0,
    sent: [],
    send(frame) {
      client.sent.push(frame);
      return true;
    },
    emit(type, payload) {
      for (const key of [type, '*']) handlers.get(key)?.forEach((handler) => handler({ type, payload }));
    },
    start() {
      client.started += 1;
      client.setStatus('connected');
    },
    stop() {
      client.setStatus('idle');
    },
    getStatus: () => status,
    getHello: () => null,
    onStatusChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribe(type, handler) {
      const set = handlers.get(type) ?? new Set();
      handlers.set(type, set);
      set.add(handler as RealtimeHandler);
      return () => set.delete(handler as RealtimeHandler);
    },
    setStatus(next) {
      status = next;
      listeners.forEach((listener) => listener(next));
    },
  };
  return client;
}

/** The app's query client, minus retries: a failing request fails at once in tests. */
function createTestQueryClient() {
  const queryClient = createAppQueryClient();
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  return queryClient;
}

/** Shows the router's current location so tests can assert redirects. */
function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location" hidden>
      {`${location.pathname}${location.search}`}
    </output>
  );
}

/** Renders the whole app (all routes) at `path`, against the MSW-mocked API. */
export function renderApp(path = '/', { realtime = createFakeRealtime() }: { realtime?: RealtimeClient } = {}) {
  const queryClient = createTestQueryClient();
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient} realtime={realtime} env="test">
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </AppProvider>,
  );
  return { ...result, user, queryClient, realtime };
}

/** Renders one component inside the app's providers and a router. */
export function renderWithProviders(ui: ReactElement, { path = '/' }: { path?: string } = {}) {
  const queryClient = createTestQueryClient();
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient} realtime={createFakeRealtime()} env="test">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="*" element={ui} />
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </AppProvider>,
  );
  return { ...result, user, queryClient };
}
