import { Button, Center, EmptyState } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { paths } from '@/config/paths';

export default function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <Center mih="calc(100dvh - var(--app-shell-header-height, 0px))" p="xl">
      <EmptyState icon={<IconMapQuestion size={30} stroke={1.5} />} withIndicatorBackground maw={420}>
        <EmptyState.Title order={1} m={0}>
          {t('errors.notFoundTitle')}
        </EmptyState.Title>
        <EmptyState.Description>{t('errors.notFoundDescription')}</EmptyState.Description>
        <EmptyState.Actions>
          <Button component={Link} to={paths.inbox} variant="light">
            {t('errors.backHome')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}
