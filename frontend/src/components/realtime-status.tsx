import { Box, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { type RealtimeStatus as Status, useRealtimeStatus } from '@/lib/realtime';

import classes from './realtime-status.module.css';

const DOT_COLORS: Record<Status, string> = {
  idle: 'var(--mantine-color-gray-5)',
  connecting: 'var(--mantine-color-yellow-6)',
  connected: 'var(--mantine-color-teal-6)',
  reconnecting: 'var(--mantine-color-orange-6)',
};

/** A dot and a word: are live updates reaching this browser? */
export function RealtimeStatus() {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  const label = t(`realtime.${status}`);

  return (
    <Tooltip label={`${t('realtime.description')}: ${label}`} withArrow>
      <Group
        gap={8}
        wrap="nowrap"
        role="status"
        aria-live="polite"
        data-testid="realtime-status"
        data-status={status}
        className={classes.pill}
      >
        <Box
          component="span"
          className={classes.dot}
          data-pulse={status === 'connecting' || status === 'reconnecting' || undefined}
          style={{ backgroundColor: DOT_COLORS[status] }}
          aria-hidden
        />
        <Text component="span" size="xs" fw={500} c="dimmed" visibleFrom="sm">
          {label}
        </Text>
      </Group>
    </Tooltip>
  );
}
