import { Button, Center, EmptyState } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { paths } from '@/config/paths';
import { useSignedInSession } from '@/features/auth/api/get-session';
import { canSupervise } from '@/features/auth/types';
import { SupervisorBoard } from '@/features/supervisor/components/supervisor-board';

/** `/supervisor`: supervisors and admins. */
export default function SupervisorRoute() {
  const { t } = useTranslation();
  const { role, workspace } = useSignedInSession();
  useDocumentTitle(`${t('supervisor.title')} · ${workspace.name} · Dialogo`);
  if (!canSupervise(role)) {
    return (
      <Center mih="calc(100dvh - var(--app-shell-header-height, 0px))" p="xl" data-testid="supervisors-only">
        <EmptyState variant="light" size="lg" icon={<IconLock size={30} stroke={1.5} />} maw={520}>
          <EmptyState.Title order={1} m={0}>
            {t('supervisor.onlyTitle')}
          </EmptyState.Title>
          <EmptyState.Description>{t('supervisor.only', { workspace: workspace.name })}</EmptyState.Description>
          <EmptyState.Actions>
            <Button component={Link} to={paths.inbox} variant="light">
              {t('supervisor.backToInbox')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Center>
    );
  }
  return <SupervisorBoard />;
}
