import { Badge, Center, EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A placeholder page for a section that is planned but not built yet. */
export function ComingSoon({ title, description, icon }: { title: string; description: string; icon: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="calc(100dvh - var(--app-shell-header-height, 0px))" p="xl" data-testid="coming-soon">
      <EmptyState variant="light" size="lg" icon={icon} maw={480}>
        <Badge variant="light" color="indigo" radius="sm" mb={4}>
          {t('common.comingSoon')}
        </Badge>
        <EmptyState.Title order={1} m={0}>
          {title}
        </EmptyState.Title>
        <EmptyState.Description>{description}</EmptyState.Description>
      </EmptyState>
    </Center>
  );
}
