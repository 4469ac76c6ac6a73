import { Alert, Button, Center, Loader, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '@/lib/api-client';

import { useBoard } from '../api/get-board';
import { useBoardRealtime } from '../hooks/use-board-realtime';
import { timeAgo } from '../utils/board';
import { AgentsTable } from './agents-table';
import { BoardTiles } from './board-tiles';
import { ChannelStrip } from './channel-strip';
import classes from './supervisor.module.css';
import { TeamQueues } from './team-queues';
import { UpdatedAgo } from './updated-ago';

// The chart library is the board's biggest dependency: the numbers show first, the chart follows.
const TeamLoadChart = lazy(() => import('./team-load-chart').then((module) => ({ default: module.TeamLoadChart })));

/**
 * The supervisor's live board: headline counts, each team's queue, the agents and the channels.
 * One query (`GET /board/`), refetched every 15 s and, at most every 3 s, when an event says a
 * count moved.
 */
export function SupervisorBoard() {
  const { t, i18n } = useTranslation();
  const board = useBoard();
  useBoardRealtime();

  const header = (
    <header className={classes.pageHeader}>
      <div>
        <Text size="sm" c="dimmed" fw={600}>
          {t('supervisor.title')}
        </Text>
        <Title order={1} size="h2">
          {t('supervisor.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('supervisor.description')}
        </Text>
      </div>
      {board.data ? (
        <UpdatedAgo updatedAt={board.dataUpdatedAt} fetching={board.isFetching} onRefresh={() => void board.refetch()} />
      ) : null}
    </header>
  );

  if (board.isPending) {
    return (
      <div className={classes.page} data-testid="supervisor-board">
        {header}
        <Center h={240}>
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      </div>
    );
  }

  if (board.isError && !board.data) {
    return (
      <div className={classes.page} data-testid="supervisor-board">
        {header}
        <Alert color="red" icon={<IconAlertCircle size={18} />} title={t('supervisor.loadFailed')}>
          <Text size="sm" mb="sm">
            {errorMessage(board.error)}
          </Text>
          <Button size="xs" variant="light" color="red" onClick={() => void board.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      </div>
    );
  }

  const { totals, teams, agents, channels, generated_at: generatedAt } = board.data;
  const clock = { generatedAt, receivedAt: board.dataUpdatedAt };
  const language = i18n.resolvedLanguage ?? 'en';

  return (
    <div className={classes.page} data-testid="supervisor-board">
      {header}
      {board.isRefetchError ? (
        <Alert color="orange" icon={<IconAlertCircle size={18} />} mb="md" py="xs">
          {t('supervisor.refreshFailed', { time: timeAgo((Date.now() - board.dataUpdatedAt) / 1000, language) })}
        </Alert>
      ) : null}

      <BoardTiles totals={totals} />

      <section className={classes.section} aria-labelledby="board-channels">
        <Title order={2} size="h4" id="board-channels" className={classes.sectionTitle}>
          {t('supervisor.channels.title')}
        </Title>
        <ChannelStrip channels={channels} />
      </section>

      <section className={classes.section} aria-labelledby="board-teams">
        <Title order={2} size="h4" id="board-teams" className={classes.sectionTitle}>
          {t('supervisor.teams.title')}
        </Title>
        <Suspense fallback={null}>
          <TeamLoadChart teams={teams} />
        </Suspense>
        <TeamQueues teams={teams} clock={clock} />
      </section>

      <section className={classes.section} aria-labelledby="board-agents">
        <Title order={2} size="h4" id="board-agents" className={classes.sectionTitle}>
          {t('supervisor.agents.title')}
        </Title>
        <AgentsTable agents={agents} />
      </section>
    </div>
  );
}
