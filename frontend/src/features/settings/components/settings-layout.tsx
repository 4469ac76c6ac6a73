import { NavLink, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, useLocation } from 'react-router';

import { useSignedInSession } from '@/features/auth/api/get-session';

import { sectionsFor } from '../sections';
import classes from './settings.module.css';

/** Every settings screen: the sections this person may open on the left, the section on the right. */
export function SettingsLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { role } = useSignedInSession();
  const { pathname } = useLocation();
  return (
    <div className={classes.layout}>
      <nav className={classes.sectionNav} aria-label={t('settings.nav.label')} data-testid="settings-nav">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={6} aria-hidden>
          {t('settings.title')}
        </Text>
        {sectionsFor(role).map(({ section, path, icon: Icon }) => (
          <NavLink
            key={section}
            component={RouterNavLink}
            to={path}
            label={t(`settings.nav.${section}`)}
            leftSection={<Icon size={18} stroke={1.6} />}
            active={pathname === path || pathname.startsWith(`${path}/`)}
            variant="light"
          />
        ))}
      </nav>
      <div className={classes.layoutContent}>{children}</div>
    </div>
  );
}

/** The heading of a settings section: "Settings" above its name and what it is for. */
export function SettingsHeader({ title, description, actions }: { title: string; description: string; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className={`${classes.pageHeader} ${classes.headerWithActions}`}>
      <div>
        <Text size="sm" c="dimmed" fw={600}>
          {t('settings.title')}
        </Text>
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </div>
      {actions ? <div className={classes.headerActions}>{actions}</div> : null}
    </header>
  );
}
