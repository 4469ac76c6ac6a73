import { Alert, Avatar, Badge, Button, Center, EmptyState, Group, Loader, Text, Title } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/api-client';

import { useCaseCounts } from '../api/get-case-counts';
import { useCases } from '../api/get-cases';
import type { CaseRow, InboxView } from '../types';
import { relativeTime } from '../utils/format';
import { ChannelIcon } from './channel-icon';
import classes from './inbox.module.css';

const PRIORITY_COLORS = { 2: 'orange', 3: 'red' } as const;

/** Cases of the current view, newest message first, live. */
export function CaseList({ view, selectedId }: { view: InboxView; selectedId: number | null }) {
  const { t } = useTranslation();
  const cases = useCases(view);
  const counts = useCaseCounts();
  const rows = cases.data?.pages.flatMap((page) => page.results) ?? [];
  const total = counts.data?.[view] ?? rows.length;
  const selectedRef = useRef<HTMLAnchorElement | null>(null);

  // Keep the selected row visible when j/k moves past the edge.
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <section aria-labelledby="case-list-heading" className={classes.pane} style={{ height: '100%' }}>
      <header className={classes.paneHeader}>
        <Title id="case-list-heading" order={2} size="h5">
          {t(`inbox.views.${view}`)}
        </Title>
        <Badge variant="default" radius="sm" aria-label={`${total} ${t('inbox.cases.label')}`}>
          {total}
        </Badge>
      </header>
      {cases.isPending ? (
        <Center className={classes.centered}>
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      ) : cases.isError && rows.length === 0 ? (
        <div className={classes.centered}>
          <Alert color="red" title={t('inbox.cases.loadFailed')} maw={320}>
            <Text size="sm" mb="xs">
              {errorMessage(cases.error)}
            </Text>
            <Button size="xs" variant="light" color="red" onClick={() => void cases.refetch()}>
              {t('inbox.cases.retry')}
            </Button>
          </Alert>
        </div>
      ) : rows.length === 0 ? (
        <div className={classes.centered} data-testid="case-list-empty">
          <EmptyState variant="light" size="sm" icon={<IconMessages size={26} stroke={1.6} />} maw={300}>
            <EmptyState.Title order={3} m={0}>
              {t('inbox.cases.emptyTitle')}
            </EmptyState.Title>
            <EmptyState.Description>{t('inbox.cases.emptyDescription')}</EmptyState.Description>
          </EmptyState>
        </div>
      ) : (
        <div className={classes.paneBody}>
          <ul className={classes.caseList} aria-label={t('inbox.cases.label')} data-testid="case-list">
            {rows.map((row) => (
              <li key={row.id}>
                <CaseListItem
                  row={row}
                  view={view}
                  selected={row.id === selectedId}
                  linkRef={row.id === selectedId ? selectedRef : undefined}
                />
              </li>
            ))}
          </ul>
          {cases.hasNextPage ? (
            <Center p="sm">
              <Button
                variant="subtle"
                size="xs"
                loading={cases.isFetchingNextPage}
                onClick={() => void cases.fetchNextPage()}
              >
                {t('inbox.cases.loadMore')}
              </Button>
            </Center>
          ) : null}
        </div>
      )}
    </section>
  );
}

interface CaseListItemProps {
  row: CaseRow;
  view: InboxView;
  selected: boolean;
  linkRef?: React.Ref<HTMLAnchorElement> | undefined;
}

const CaseListItem = memo(function CaseListItem({ row, view, selected, linkRef }: CaseListItemProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const name = row.customer.display_name || `#${row.id}`;
  const urgent = row.priority >= 2 ? PRIORITY_COLORS[row.priority as 2 | 3] : null;
  return (
    <Link
      ref={linkRef}
      to={`${paths.inbox}/${view}/${row.id}`}
      className={classes.caseRow}
      aria-current={selected ? 'page' : undefined}
      data-testid="case-row"
      data-case-id={row.id}
      data-status={row.status}
    >
      <Avatar
        src={row.customer.avatar_url || null}
        name={name}
        color="initials"
        radius="xl"
        size={36}
        alt=""
      />
      <div className={classes.caseRowBody}>
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap" miw={0}>
            <ChannelIcon kind={row.channel_kind} size={15} />
            <Text size="sm" fw={600} truncate="end">
              {name}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
            <time dateTime={row.last_message_at}>{relativeTime(row.last_message_at, language)}</time>
          </Text>
        </Group>
        <Text size="sm" c="dimmed" lineClamp={1} className={classes.preview}>
          {row.last_message_preview || t('inbox.cases.noMessage')}
        </Text>
        {urgent || row.tags.length > 0 || row.status !== 'open' ? (
          <Group gap={4} mt={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
            {urgent ? (
              <Badge size="xs" color={urgent} variant="light" radius="sm" data-testid="priority-marker">
                {t(`inbox.priority.${row.priority}`)}
              </Badge>
            ) : null}
            {row.status !== 'open' ? (
              <Badge size="xs" color={row.status === 'new' ? 'blue' : 'gray'} variant="dot" radius="sm">
                {t(`inbox.status.${row.status}`)}
              </Badge>
            ) : null}
            {row.tags.slice(0, 3).map((tag) => (
              <Badge key={tag} size="xs" variant="default" radius="sm" tt="none" fw={500}>
                {tag}
              </Badge>
            ))}
          </Group>
        ) : null}
      </div>
    </Link>
  );
});
