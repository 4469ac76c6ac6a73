import { Alert, Avatar, Badge, Button, Center, EmptyState, Group, Loader, Text, Title } from '@mantine/core';
import { IconAlarm, IconMessages } from '@tabler/icons-react';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { memo, type ReactNode, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { errorMessage } from '@/lib/api-client';

import { useBreachingSoon } from '../api/get-breaching-soon';
import { useCaseCounts } from '../api/get-case-counts';
import { useCases } from '../api/get-cases';
import { useTeams } from '../api/get-teams';
import { type BreachingSoon, type CaseRow, describeView, type InboxView } from '../types';
import { relativeTime } from '../utils/format';
import { anchoredScrollTop, type RowKey, sameKeys } from '../utils/scroll-anchor';
import { viewPath } from '../utils/view-path';
import { ChannelIcon } from '@/components/channel-icon';
import classes from './inbox.module.css';
import { RowSlaCountdown, SlaBadge } from './sla-countdown';

const PRIORITY_COLORS = { 2: 'orange', 3: 'red' } as const;
/** Every row has the same height (the badge line is always there): scroll anchoring relies on it. */
export const ROW_HEIGHT = 86;
/** Start loading the next page this many rows before the end. */
const LOAD_AHEAD_ROWS = 10;
/** Before the list has a height (first paint, or no layout at all as in jsdom): a screenful. */
const FALLBACK_HEIGHT = 900;

interface CaseListProps {
  view: InboxView;
  selectedId: number | null;
}

/** Cases of the current view, live; the breaching view lists clocks from the SLA API. */
export function CaseList({ view, selectedId }: CaseListProps) {
  return describeView(view).kind === 'breaching' ? (
    <BreachingList selectedId={selectedId} />
  ) : (
    <ViewCaseList view={view} selectedId={selectedId} />
  );
}

/** The view's name as the list's heading: a saved view, a team's name, a tag. */
function useViewTitle(view: InboxView): string {
  const { t } = useTranslation();
  const counts = useCaseCounts();
  const parsed = describeView(view);
  const teams = useTeams();
  switch (parsed.kind) {
    case 'builtin':
      return t(`inbox.views.${parsed.name}`);
    case 'breaching':
      return t('inbox.views.breaching');
    case 'tag':
      return `#${parsed.tag}`;
    case 'team':
      return (
        counts.data?.teams.find((team) => team.id === parsed.teamId)?.name ??
        teams.data?.find((team) => team.id === parsed.teamId)?.name ??
        t('inbox.views.team')
      );
  }
}

function ListHeader({ view, count, countLabel }: { view: InboxView; count: ReactNode; countLabel: string }) {
  const title = useViewTitle(view);
  return (
    <header className={classes.paneHeader}>
      <Title id="case-list-heading" order={2} size="h5" lineClamp={1}>
        {title}
      </Title>
      {count === null ? null : (
        <Badge variant="default" radius="sm" aria-label={countLabel} data-testid="case-list-count" style={{ flex: 'none' }}>
          {count}
        </Badge>
      )}
    </header>
  );
}

function ViewCaseList({ view, selectedId }: CaseListProps) {
  const { t } = useTranslation();
  const cases = useCases(view);
  const counts = useCaseCounts();
  const rows = cases.data?.pages.flatMap((page) => page.results) ?? [];
  const parsed = describeView(view);

  // Counts the API gives (saved views, my teams); a tag view only knows what is loaded.
  let total: number | null = null;
  if (parsed.kind === 'builtin') total = counts.data?.[parsed.name] ?? null;
  else if (parsed.kind === 'team') total = counts.data?.teams.find((team) => team.id === parsed.teamId)?.count ?? null;
  const count = total ?? (cases.isSuccess ? `${rows.length}${cases.hasNextPage ? '+' : ''}` : null);
  const countLabel =
    total !== null || !cases.hasNextPage
      ? `${total ?? rows.length} ${t('inbox.cases.label')}`
      : t('inbox.cases.loadedCount', { count: rows.length });

  return (
    <section aria-labelledby="case-list-heading" className={classes.pane} style={{ height: '100%' }}>
      <ListHeader view={view} count={count} countLabel={countLabel} />
      {cases.isPending ? (
        <ListLoading />
      ) : cases.isError && rows.length === 0 ? (
        <ListError error={cases.error} onRetry={() => void cases.refetch()} />
      ) : rows.length === 0 ? (
        <ListEmpty title={t('inbox.cases.emptyTitle')} description={t('inbox.cases.emptyDescription')} />
      ) : (
        <VirtualCaseRows
          // Each view is its own list: its own scroll position and scroll anchor.
          key={view}
          items={rows}
          getId={(row) => row.id}
          selectedId={selectedId}
          hasMore={cases.hasNextPage}
          loadingMore={cases.isFetchingNextPage}
          onLoadMore={() => void cases.fetchNextPage()}
          renderItem={(row, selected) => <CaseListItem row={row} view={view} selected={selected} />}
        />
      )}
    </section>
  );
}

function BreachingList({ selectedId }: { selectedId: number | null }) {
  const { t } = useTranslation();
  const breaching = useBreachingSoon();
  const rows = breaching.data?.results ?? [];
  const total = breaching.data?.count ?? null;
  return (
    <section aria-labelledby="case-list-heading" className={classes.pane} style={{ height: '100%' }}>
      <ListHeader view="breaching" count={total} countLabel={`${total ?? 0} ${t('inbox.cases.label')}`} />
      {breaching.isPending ? (
        <ListLoading />
      ) : breaching.isError && rows.length === 0 ? (
        <ListError error={breaching.error} onRetry={() => void breaching.refetch()} />
      ) : rows.length === 0 ? (
        <ListEmpty
          icon={<IconAlarm size={26} stroke={1.6} />}
          title={t('inbox.cases.breachingEmptyTitle')}
          description={t('inbox.cases.breachingEmptyDescription')}
        />
      ) : (
        <VirtualCaseRows
          items={rows}
          getId={(row) => row.case_id}
          selectedId={selectedId}
          hasMore={false}
          loadingMore={false}
          onLoadMore={() => undefined}
          renderItem={(row, selected) => <BreachingListItem row={row} selected={selected} />}
        />
      )}
    </section>
  );
}

function ListLoading() {
  const { t } = useTranslation();
  return (
    <Center className={classes.centered}>
      <Loader size="sm" aria-label={t('common.loading')} />
    </Center>
  );
}

function ListError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <div className={classes.centered}>
      <Alert color="red" title={t('inbox.cases.loadFailed')} maw={320}>
        <Text size="sm" mb="xs">
          {errorMessage(error)}
        </Text>
        <Button size="xs" variant="light" color="red" onClick={onRetry}>
          {t('inbox.cases.retry')}
        </Button>
      </Alert>
    </div>
  );
}

function ListEmpty({ title, description, icon }: { title: string; description: string; icon?: ReactNode }) {
  return (
    <div className={classes.centered} data-testid="case-list-empty">
      <EmptyState variant="light" size="sm" icon={icon ?? <IconMessages size={26} stroke={1.6} />} maw={300}>
        <EmptyState.Title order={3} m={0}>
          {title}
        </EmptyState.Title>
        <EmptyState.Description>{description}</EmptyState.Description>
      </EmptyState>
    </div>
  );
}

interface VirtualCaseRowsProps<T> {
  items: T[];
  getId(item: T): number;
  selectedId: number | null;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  renderItem(item: T, selected: boolean): ReactNode;
}

/**
 * Only the rows in (and just around) the viewport are in the DOM, so ten thousand cases
 * scroll like ten. The list keeps list semantics: each row says where it sits in the whole.
 */
function VirtualCaseRows<T>({ items, getId, selectedId, hasMore, loadingMore, onLoadMore, renderItem }: VirtualCaseRowsProps<T>) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => (index < items.length ? getId(items[index]!) : 'load-more'),
    observeElementRect: (instance, notify) =>
      observeElementRect(instance, (rect) => notify(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_HEIGHT })),
  });
  const virtualRows = virtualizer.getVirtualItems();

  // Scroll anchoring: a case arriving (or leaving) above the rows on screen must not move them.
  // Before paint, so the agent never sees the jump; at the top, new cases simply appear there.
  const keys = items.map(getId);
  const previousKeys = useRef<RowKey[]>(keys);
  useLayoutEffect(() => {
    const before = previousKeys.current;
    if (sameKeys(before, keys)) return;
    previousKeys.current = keys;
    const element = scroller.current;
    if (!element) return;
    const top = anchoredScrollTop(before, keys, element.scrollTop, ROW_HEIGHT);
    if (top !== null) element.scrollTop = top;
  });

  // Infinite scroll: fetch the next page as its end comes near (the button stays for keyboards).
  const lastIndex = virtualRows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= items.length - LOAD_AHEAD_ROWS) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, items.length, onLoadMore]);

  // Keep the selected row in view when j/k moves past the edge (only when the selection moves,
  // so a case arriving on top never scrolls the list under the agent).
  useEffect(() => {
    const index = items.findIndex((item) => getId(item) === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId]); // not on `items`: see above

  return (
    <div ref={scroller} className={classes.paneBody} style={{ overflowAnchor: 'none' }} data-testid="case-list-scroller">
      <ul
        className={classes.caseList}
        aria-label={t('inbox.cases.label')}
        data-testid="case-list"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualRows.map((virtualRow) => {
          const item = items[virtualRow.index];
          return (
            <li
              key={virtualRow.key}
              className={classes.virtualRow}
              style={{ transform: `translateY(${virtualRow.start}px)`, height: ROW_HEIGHT }}
              aria-setsize={hasMore ? -1 : items.length}
              aria-posinset={virtualRow.index + 1}
            >
              {item === undefined ? (
                <Center h="100%">
                  <Button variant="subtle" size="xs" loading={loadingMore} onClick={onLoadMore}>
                    {t('inbox.cases.loadMore')}
                  </Button>
                </Center>
              ) : (
                renderItem(item, getId(item) === selectedId)
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

interface CaseListItemProps {
  row: CaseRow;
  view: InboxView;
  selected: boolean;
}

const CaseListItem = memo(function CaseListItem({ row, view, selected }: CaseListItemProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const name = row.customer.display_name || `#${row.id}`;
  const urgent = row.priority >= 2 ? PRIORITY_COLORS[row.priority as 2 | 3] : null;
  return (
    <Link
      to={viewPath(view, row.id)}
      className={classes.caseRow}
      aria-current={selected ? 'page' : undefined}
      data-testid="case-row"
      data-case-id={row.id}
      data-status={row.status}
    >
      <Avatar src={row.customer.avatar_url || null} name={name} color="initials" radius="xl" size={36} alt="" />
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
        <Group gap={4} wrap="wrap" className={classes.badges}>
          <RowSlaCountdown summary={row.sla} />
          {urgent ? (
            <Badge size="xs" color={urgent} variant="light" radius="sm" data-testid="priority-marker" style={{ flex: 'none' }}>
              {t(`inbox.priority.${row.priority}`)}
            </Badge>
          ) : null}
          {row.status !== 'open' ? (
            <Badge size="xs" color={row.status === 'new' ? 'blue' : 'gray'} variant="dot" radius="sm" style={{ flex: 'none' }}>
              {t(`inbox.status.${row.status}`)}
            </Badge>
          ) : null}
          {row.tags.slice(0, 3).map((tag) => (
            <Badge key={tag} size="xs" variant="default" radius="sm" tt="none" fw={500}>
              {tag}
            </Badge>
          ))}
        </Group>
      </div>
    </Link>
  );
});

const BreachingListItem = memo(function BreachingListItem({ row, selected }: { row: BreachingSoon; selected: boolean }) {
  const { t } = useTranslation();
  const name = row.case.customer_name || t('inbox.cases.unknownCustomer', { id: row.case_id });
  const urgent = row.case.priority >= 2 ? PRIORITY_COLORS[row.case.priority as 2 | 3] : null;
  return (
    <Link
      to={viewPath('breaching', row.case_id)}
      className={classes.caseRow}
      aria-current={selected ? 'page' : undefined}
      data-testid="case-row"
      data-case-id={row.case_id}
      data-status={row.case.status}
    >
      <Avatar name={name} color="initials" radius="xl" size={36} alt="" />
      <div className={classes.caseRowBody}>
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Text size="sm" fw={600} truncate="end">
            {name}
          </Text>
          <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
            #{row.case_id}
          </Text>
        </Group>
        <Text size="sm" c="dimmed" lineClamp={1} className={classes.preview}>
          {row.case.subject || t(`inbox.sla.targets.${row.next_target}`)}
        </Text>
        <Group gap={4} wrap="wrap" className={classes.badges}>
          <SlaBadge sla={row} variant="row" />
          {urgent ? (
            <Badge size="xs" color={urgent} variant="light" radius="sm" style={{ flex: 'none' }}>
              {t(`inbox.priority.${row.case.priority}`)}
            </Badge>
          ) : null}
          <Badge size="xs" color={row.case.status === 'new' ? 'blue' : 'gray'} variant="dot" radius="sm" style={{ flex: 'none' }}>
            {t(`inbox.status.${row.case.status}`)}
          </Badge>
        </Group>
      </div>
    </Link>
  );
});
