import { NavLink, Text } from '@mantine/core';
import { IconInbox, IconStack2, IconUser } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { INBOX_VIEWS, type InboxView } from '../types';
import classes from './inbox.module.css';

const VIEW_ICONS: Record<InboxView, ComponentType<{ size?: number; stroke?: number }>> = {
  mine: IconUser,
  unassigned: IconInbox,
  all: IconStack2,
};

export function ViewsList({ current }: { current: InboxView }) {
  const { t } = useTranslation();
  return (
    <nav aria-labelledby="inbox-views-heading" className={classes.pane}>
      <div className={`${classes.paneHeader} ${classes.viewsHeader}`}>
        <Text id="inbox-views-heading" component="h2" size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.6}>
          {t('inbox.views.label')}
        </Text>
      </div>
      <div className={`${classes.paneBody} ${classes.viewsBody}`}>
        {INBOX_VIEWS.map((view) => {
          const Icon = VIEW_ICONS[view];
          return (
            <NavLink
              key={view}
              component={Link}
              to={`?view=${view}`}
              label={t(`inbox.views.${view}`)}
              leftSection={<Icon size={18} stroke={1.7} />}
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
