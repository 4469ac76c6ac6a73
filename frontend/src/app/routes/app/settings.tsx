import { Center, EmptyState } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';

import { ToastProvider } from '@/components/toast';
import { useSignedInSession } from '@/features/auth/api/get-session';
import { CannedSettings } from '@/features/settings/components/canned-settings';
import { ChannelSettings, type ChannelSettingsTab } from '@/features/settings/components/channel-settings';
import { SettingsLayout } from '@/features/settings/components/settings-layout';
import { SlaSettings, type SlaSettingsTab } from '@/features/settings/components/sla-settings';
import { TaggingSettings } from '@/features/settings/components/tagging-settings';
import { TeamSettings } from '@/features/settings/components/team-settings';
import { hasRole, SETTINGS_SECTIONS, sectionsFor, type SettingsSection } from '@/features/settings/sections';

type SettingsRouteProps =
  | { section: 'channels'; tab: ChannelSettingsTab }
  | { section: 'sla'; tab: SlaSettingsTab }
  | { section: Exclude<SettingsSection, 'channels' | 'sla'> };

/** `/settings/<section>`: the settings navigation and one section; sections above the person's role say so. */
export default function SettingsRoute(props: SettingsRouteProps) {
  const { t } = useTranslation();
  const { role, workspace } = useSignedInSession();
  const { section } = props;
  useDocumentTitle(`${t(`settings.nav.${section}`)} · ${t('settings.title')} · Dialogo`);
  const required = SETTINGS_SECTIONS.find((info) => info.section === section)?.minRole ?? 'admin';
  if (!hasRole(role, required)) {
    return (
      <SettingsLayout>
        <Center mih="calc(100dvh - var(--app-shell-header-height, 0px))" p="xl" data-testid="admins-only">
          <EmptyState variant="light" size="lg" icon={<IconLock size={30} stroke={1.5} />} maw={520}>
            <EmptyState.Title order={1} m={0}>
              {t('settings.adminsOnlyTitle')}
            </EmptyState.Title>
            <EmptyState.Description>{t('settings.adminsOnly', { workspace: workspace.name })}</EmptyState.Description>
          </EmptyState>
        </Center>
      </SettingsLayout>
    );
  }
  return (
    <ToastProvider>
      <SettingsLayout>
        {props.section === 'channels' ? <ChannelSettings tab={props.tab} /> : null}
        {props.section === 'sla' ? <SlaSettings tab={props.tab} /> : null}
        {section === 'team' ? <TeamSettings /> : null}
        {section === 'canned' ? <CannedSettings /> : null}
        {section === 'tagging' ? <TaggingSettings /> : null}
      </SettingsLayout>
    </ToastProvider>
  );
}

/** `/settings`: the first section this person may open (admins: channels; others: canned responses). */
export function SettingsIndexRoute() {
  const { role } = useSignedInSession();
  const first = sectionsFor(role)[0];
  return <Navigate to={first?.path ?? SETTINGS_SECTIONS[0]!.path} replace />;
}
