import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';

import { loginPathFor } from '@/config/paths';
import { errorMessage } from '@/lib/api-client';

import { useSession } from '../api/get-session';

/** Renders `children` only for a signed-in person; everyone else goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();

  // A failed background refetch keeps the last answer: a blip in the network must not
  // replace the inbox with an error page.
  if (session.data) return children;
  if (session.data === null) {
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace />;
  }
  if (session.isError) {
    return (
      <Center h="100dvh" p="md">
        <Stack align="center" gap="sm" maw={420}>
          <Text ta="center">{errorMessage(session.error)}</Text>
          <Button variant="light" onClick={() => void session.refetch()} loading={session.isFetching}>
            {t('errors.reload')}
          </Button>
        </Stack>
      </Center>
    );
  }
  return (
    <Center h="100dvh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}
