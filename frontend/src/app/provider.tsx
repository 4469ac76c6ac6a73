import '@fontsource-variable/inter';
import '@mantine/core/styles.css';

import { MantineProvider } from '@mantine/core';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';

import { ErrorBoundary } from '@/components/errors/main-error-fallback';
import { sessionQueryKey } from '@/features/auth/api/get-session';
import { i18n } from '@/lib/i18n';
import { createQueryClient } from '@/lib/react-query';
import {
  getBrowserRealtimeClient,
  RealtimeContext,
  RESYNC_EVENT,
  type RealtimeClient,
} from '@/lib/realtime';

import { theme } from './theme';

/** A query client whose 401s sign the person out everywhere at once. */
export function createAppQueryClient(): QueryClient {
  const queryClient: QueryClient = createQueryClient({
    onUnauthenticated: () => queryClient.setQueryData(sessionQueryKey, null),
  });
  return queryClient;
}

interface AppProviderProps {
  children: ReactNode;
  queryClient?: QueryClient;
  realtime?: RealtimeClient;
  /** `test` turns off Mantine's transitions and portals, for jsdom. */
  env?: 'default' | 'test';
}

export function AppProvider({ children, queryClient, realtime, env = 'default' }: AppProviderProps) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  const [realtimeClient] = useState(() => realtime ?? getBrowserRealtimeClient());

  // Events may have been missed while the socket was down: refetch what is on screen.
  useEffect(
    () => realtimeClient.subscribe(RESYNC_EVENT, () => void client.invalidateQueries()),
    [client, realtimeClient],
  );

  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} defaultColorScheme="light" env={env}>
        <ErrorBoundary>
          <QueryClientProvider client={client}>
            <RealtimeContext value={realtimeClient}>{children}</RealtimeContext>
          </QueryClientProvider>
        </ErrorBoundary>
      </MantineProvider>
    </I18nextProvider>
  );
}
