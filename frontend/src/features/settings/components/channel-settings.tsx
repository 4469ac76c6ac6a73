import { Tabs, Text, Title } from '@mantine/core';
import { IconPlugConnected, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { paths } from '@/config/paths';

import { ChannelAccountList } from './channel-account-list';
import classes from './settings.module.css';
import { WebhookLog } from './webhook-log';

export type ChannelSettingsTab = 'accounts' | 'webhook-log';

/** Settings › Channels: the accounts with what to paste into each platform, and the webhook log. */
export function ChannelSettings({ tab }: { tab: ChannelSettingsTab }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className={classes.page} data-testid="channel-settings">
      <header className={classes.pageHeader}>
        <Text size="sm" c="dimmed" fw={600}>
          {t('settings.title')}
        </Text>
        <Title order={1} size="h2">
          {t('settings.channels.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('settings.channels.description')}
        </Text>
      </header>
      <Tabs
        value={tab}
        onChange={(next) => void navigate(next === 'webhook-log' ? paths.settingsWebhookLog : paths.settingsChannels)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="accounts" leftSection={<IconPlugConnected size={16} />}>
            {t('settings.channels.tabs.accounts')}
          </Tabs.Tab>
          <Tabs.Tab value="webhook-log" leftSection={<IconWebhook size={16} />} data-testid="webhook-log-tab">
            {t('settings.channels.tabs.webhookLog')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="accounts">
          <ChannelAccountList />
        </Tabs.Panel>
        <Tabs.Panel value="webhook-log">
          <WebhookLog />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
