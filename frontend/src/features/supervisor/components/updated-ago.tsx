import { ActionIcon, Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { useNow } from '@/lib/use-now';

import { STALE_AFTER_SECONDS, timeAgo } from '../utils/board';

interface UpdatedAgoProps {
  /** When the figures on screen arrived (ms). */
  updatedAt: number;
  fetching: boolean;
  onRefresh: () => void;
}

/** "Updated 12 sec. ago", ticking, in orange once the figures are older than a few refetches. */
export function UpdatedAgo({ updatedAt, fetching, onRefresh }: UpdatedAgoProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const seconds = Math.max(0, (now - updatedAt) / 1000);
  const stale = seconds >= STALE_AFTER_SECONDS;
  return (
    <Group gap={6} wrap="nowrap" data-testid="board-updated" data-stale={stale || undefined}>
      <Text size="sm" c={stale ? 'orange.8' : 'dimmed'} fw={stale ? 600 : 400} aria-live="off">
        {t('supervisor.updated', { time: timeAgo(seconds, i18n.resolvedLanguage ?? 'en') })}
      </Text>
      <Tooltip label={t('supervisor.refresh')} withArrow>
        <ActionIcon variant="subtle" color="gray" size="sm" onClick={onRefresh} aria-label={t('supervisor.refresh')} disabled={fetching}>
          {fetching ? <Loader size={12} color="gray" aria-label={t('supervisor.updating')} /> : <IconRefresh size={16} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
