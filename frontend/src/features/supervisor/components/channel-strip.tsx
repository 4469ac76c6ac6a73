import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { ChannelIcon, useChannelName } from '@/components/channel-icon';

import type { BoardChannel } from '../types';
import classes from './supervisor.module.css';

/** Open and waiting cases per channel, busiest first. */
export function ChannelStrip({ channels }: { channels: BoardChannel[] }) {
  const { t } = useTranslation();
  const channelName = useChannelName();
  if (channels.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('supervisor.channels.empty')}
      </Text>
    );
  }
  const busiest = [...channels].sort((a, b) => b.open - a.open || b.waiting - a.waiting);
  return (
    <Group gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="channel-strip">
      {busiest.map((channel) => (
        <li key={channel.kind} className={classes.channel} data-testid="channel-chip">
          <ChannelIcon kind={channel.kind} size={20} />
          <Text size="sm" fw={600}>
            {channelName(channel.kind)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('supervisor.channels.open', { count: channel.open })}
          </Text>
          <Text size="sm" c={channel.waiting > 0 ? 'orange.8' : 'dimmed'} fw={channel.waiting > 0 ? 600 : 400}>
            · {t('supervisor.channels.waiting', { count: channel.waiting })}
          </Text>
        </li>
      ))}
    </Group>
  );
}
