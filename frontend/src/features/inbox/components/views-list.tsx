import { Badge, NavLink, Text } from '@mantine/core';
import {
  IconAlarm,
  IconClockPause,
  IconHash,
  IconHourglass,
  IconInbox,
  IconStack2,
  IconUser,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { WatchScope } from '@/lib/realtime';

import { useBreachingSoon } from '../api/get-breaching-soon';
import { caseCountsQueryOptions } from '../api/get-case-counts';
import { useKnownTags } from '../hooks/use-known-tags';
import { type BuiltinView, describeView, INBOX_VIEWS, type InboxView, tagView, teamView } from '../types';
import { viewPath } from '../utils/view-path';
import classes from './inbox.module.css';

const VIEW_ICONS: Record<BuiltinView, ComponentType<{ size?: number; stroke?: number }>> = {
  mine: IconUser,
  unassigned: IconInbox,
  all: IconStack2,
  pending: IconHourglass,
  snoozed: IconClockPause,
};

/** How many tag views the sidebar offers (the most used tags among the loaded cases). */
const MAX_TAG_VIEWS = 8;
/**
 * Outside workspace-wide views the socket hears only of its own, its teams' cases: the other
 * counts (Unassigned, All, …) are refetched on this interval instead of on every event.
 */
export const COUNTS_REFRESH_MS = 30_000;

/** Which events `view` needs (see useRealtimeWatch): every case of the workspace, or only mine and my teams'. */
export function viewWatchScope(view: InboxView): WatchScope {
  const parsed = describeView(view);
  if (parsed.kind === 'team') return 'teams';
  if (parsed.kind === 'builtin' && parsed.name === 'mine') return 'teams';
  return 'workspace';
}

export function ViewsList({ current }: { current: InboxView }) {
  const { t } = useTranslation();
  const counts = useQuery({
    ...caseCountsQueryOptions(),
    refetchInterval: viewWatchScope(current) === 'teams' ? COUNTS_REFRESH_MS : false,
  });
  const breaching = useBreachingSoon();
  const knownTags = useKnownTags();
  const currentView = describeView(current);
  const tags = knownTags.slice(0, MAX_TAG_VIEWS);
  if (currentView.kind === 'tag' && !tags.includes(currentView.tag)) tags.push(currentView.tag);
  const teams = counts.data?.teams ?? [];
  const breachingCount = breaching.data?.count;

  return (
    <nav aria-labelledby="inbox-views-heading" className={classes.pane} style={{ flex: 1 }}>
      <div className={`${classes.paneHeader} ${classes.viewsHeader}`}>
        <SectionHeading id="inbox-views-heading">{t('inbox.views.label')}</SectionHeading>
      </div>
      <div className={`${classes.paneBody} ${classes.viewsBody}`}>
        {INBOX_VIEWS.map((view) => {
          const Icon = VIEW_ICONS[view];
          return (
            <ViewLink
              key={view}
              view={view}
              current={current}
              label={t(`inbox.views.${view}`)}
              icon={<Icon size={18} stroke={1.7} />}
              count={counts.data?.[view]}
            />
          );
        })}
        <ViewLink
          view="breaching"
          current={current}
          label={t('inbox.views.breaching')}
          icon={<IconAlarm size={18} stroke={1.7} />}
          count={breachingCount}
          countColor={breachingCount ? 'red' : undefined}
        />

        {teams.length > 0 ? (
          <div role="group" aria-labelledby="inbox-teams-heading" className={classes.viewsGroup}>
            <SectionHeading id="inbox-teams-heading" className={classes.viewsSection}>
              {t('inbox.views.teams')}
            </SectionHeading>
            {teams.map((team) => (
              <ViewLink
                key={team.id}
                view={teamView(team.id)}
                current={current}
                label={team.name}
                icon={<IconUsersGroup size={18} stroke={1.7} />}
                count={team.count}
              />
            ))}
          </div>
        ) : null}

        {tags.length > 0 ? (
          <div role="group" aria-labelledby="inbox-tags-heading" className={classes.viewsGroup}>
            <SectionHeading id="inbox-tags-heading" className={classes.viewsSection}>
              {t('inbox.views.tags')}
            </SectionHeading>
            {tags.map((tag) => (
              // No count: the API counts no tags (see the report); the list header shows what loaded.
              <ViewLink
                key={tag}
                view={tagView(tag)}
                current={current}
                label={tag}
                icon={<IconHash size={18} stroke={1.7} />}
              />
            ))}
          </div>
        ) : null}
      </div>
    </nav>
  );
}

function SectionHeading({ id, className, children }: { id: string; className?: string; children: ReactNode }) {
  return (
    <Text id={id} component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.6} className={className}>
      {children}
    </Text>
  );
}

interface ViewLinkProps {
  view: InboxView;
  current: InboxView;
  label: string;
  icon: ReactNode;
  count?: number | undefined;
  countColor?: string | undefined;
}

function ViewLink({ view, current, label, icon, count, countColor }: ViewLinkProps) {
  const active = view === current;
  return (
    <NavLink
      component={Link}
      to={viewPath(view)}
      label={label}
      leftSection={icon}
      rightSection={
        count === undefined ? null : (
          <Badge
            size="sm"
            radius="sm"
            color={countColor}
            variant={active ? 'filled' : countColor ? 'light' : 'default'}
            data-testid={`view-count-${view}`}
          >
            {count}
          </Badge>
        )
      }
      active={active}
      aria-current={active ? 'page' : undefined}
      variant="light"
      className={classes.viewLink}
      data-testid={`view-${view}`}
    />
  );
}
