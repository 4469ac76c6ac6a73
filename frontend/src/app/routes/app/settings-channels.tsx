import { Center, EmptyState } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { ToastProvider } from '@/components/toast';
import { useSignedInSession } from '@/features/auth/api/get-session';
import { ChannelSettings, type ChannelSettingsTab } from '@/features/settings/components/channel-settings';

/** `/settings/channels` and `/settings/channels/webhook-log`: admins only. */
export default function SettingsChannelsRoute({ tab }: { tab: ChannelSettingsTab }) {
  const { t } = useTranslation();
  const { role, workspace } = useSignedInSession();
  useDocumentTitle(`${t('settings.channels.title')} · ${t('settings.title')} · Dialogo`);
  if (role !== 'admin') {
    return (
      <Center mih="calc(100dvh - var(--app-shell-header-height, 0px))" p="xl" data-testid="admins-only">
        <EmptyState variant="light" size="lg" icon={<IconLock size={30} stroke={1.5} />} maw={520}>
          <EmptyState.Title order={1} m={0}>
            {t('settings.adminsOnlyTitle')}
          </EmptyState.Title>
          <EmptyState.Description>{t('settings.adminsOnly', { workspace: workspace.name })}</EmptyState.Description>
        </EmptyState>
      </Center>
    );
  }
  return (
    <ToastProvider>
      <ChannelSettings tab={tab} />
    </ToastProvider>
  );
}
