import { AppShell, Badge, Box, Burger, Divider, Group, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ComponentType, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import { Logo, LogoMark } from '@/components/brand/logo';

import classes from './dashboard-layout.module.css';

export interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** Planned but not built: shown with a "soon" badge. */
  soon?: boolean;
}

interface DashboardLayoutProps {
  navigation: NavItem[];
  /** Left of the header, after the logo: the workspace. */
  headerStart: ReactNode;
  /** Right of the header: status, language, account. */
  headerEnd: ReactNode;
  children: ReactNode;
}

/** The signed-in frame: header, left navigation, main area. Knows nothing about features. */
export function DashboardLayout({ navigation, headerStart, headerEnd, children }: DashboardLayoutProps) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <a href="#main-content" className={classes.skipLink}>
        {t('common.skipToContent')}
      </a>
      <AppShell.Header className={classes.header}>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" className={classes.headerStart}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Link to="/" className={classes.brandLink} aria-label="Dialogo">
              <Box visibleFrom="sm">
                <Logo size={28} />
              </Box>
              <Box hiddenFrom="sm" display="flex">
                <LogoMark size={28} />
              </Box>
            </Link>
            <Divider orientation="vertical" h={26} style={{ alignSelf: 'center' }} visibleFrom="sm" />
            {headerStart}
          </Group>
          <Group gap="xs" wrap="nowrap" className={classes.headerEnd}>
            {headerEnd}
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar className={classes.navbar} aria-label={t('nav.label')}>
        <ScrollArea type="never" p="sm">
          {navigation.map((item) => {
            const Icon = item.icon;
            const active = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                onClick={close}
                label={item.label}
                leftSection={<Icon size={20} stroke={1.6} />}
                rightSection={
                  item.soon ? (
                    <Badge size="xs" variant="light" color="gray" radius="sm" tt="none" fw={600}>
                      {t('common.soon')}
                    </Badge>
                  ) : null
                }
                active={active}
                aria-current={active ? 'page' : undefined}
                className={classes.navLink}
              />
            );
          })}
        </ScrollArea>
      </AppShell.Navbar>

      <AppShell.Main id="main-content" tabIndex={-1} className={classes.main}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
