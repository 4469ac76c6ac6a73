import { Badge, NavLink, Text } from '@mantine/core';
import { IconClockPause, IconHourglass, IconInbox, IconStack2, IconUser } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { paths } from '@/config/paths';

import { useCaseCounts } from '../api/get-case-counts';
import { INBOX_VIEWS, type InboxView } from '../types';
import classes from './inbox.module.css';

const VIEW_ICONS: Record<InboxView, ComponentType<{ size?: number; stroke?: number }>> = {
  mine: IconUser,
  unassigned: IconInbox,
  all: IconStack2,
  pending: IconHourglass,
  snoozed: IconClockPause,
};

export function ViewsList({ current }: { current: InboxView }) {
  const { t } = useTranslation();
  const counts = useCaseCounts();
  return (
    <nav aria-labelledby="inbox-views-heading" className={classes.pane} style={{ flex: 1 }}>
      <div className={`${classes.paneHeader} ${classes.viewsHeader}`}>
        <Text id="inbox-views-heading" component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.6}>
          {t('inbox.views.label')}
        </Text>
      </div>
      <div className={`${classes.paneBody} ${classes.viewsBody}`}>
        {INBOX_VIEWS.map((view) => {
          const Icon = VIEW_ICONS[view];
          const count = counts.data?.[view];
          return (
            <NavLink
              key={view}
              component={Link}
              to={`${paths.inbox}/${view}`}
              label={t(`inbox.views.${view}`)}
              leftSection={<Icon size={18} stroke={1.7} />}
              rightSection={
                count === undefined ? null : (
                  <Badge
                    size="sm"
                    radius="sm"
                    variant={view === current ? 'filled' : 'default'}
                    data-testid={`view-count-${view}`}
                  >
                    {count}
                  </Badge>
                )
              }
              active={view === current}
              aria-current={view === current ? 'page' : undefined}
              variant="light"
              className={classes.viewLink}
            />
          );
        })}
      </div>
    </nav>
  );
}
