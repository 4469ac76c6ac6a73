import { IconChartBar, IconGauge, IconInbox, IconSettings, IconUsers } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate } from 'react-router';

import { LanguageSwitcher } from '@/components/language-switcher';
import { DashboardLayout, type NavItem } from '@/components/layouts/dashboard-layout';
import { RealtimeStatus } from '@/components/realtime-status';
import { paths } from '@/config/paths';
import { sessionQueryKey, sessionQueryOptions, useSignedInSession } from '@/features/auth/api/get-session';
import { RequireAuth } from '@/features/auth/components/require-auth';
import { canSupervise } from '@/features/auth/types';
import { UserMenu } from '@/features/auth/components/user-menu';
import { WorkspaceSwitcher } from '@/features/auth/components/workspace-switcher';
import { useRealtime, useRealtimeStatus } from '@/lib/realtime';

import { PageLoader } from '../page-loader';

export default function AppRoot() {
  return (
    <RequireAuth>
      <SignedInShell />
    </RequireAuth>
  );
}

function SignedInShell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user, workspace, role } = useSignedInSession();
  const realtime = useRealtime();
  const queryClient = useQueryClient();

  // One socket per signed-in person and workspace: the server picks groups from the session.
  useEffect(() => {
    realtime.start();
    return () => realtime.stop();
  }, [realtime, user.id, workspace.id]);

  // A dropped socket may mean the session ended (logout in another tab, expiry, server
  // restart): check at once and then every few seconds while it stays down, so a 401 takes
  // the person to the login page instead of a socket that retries forever.
  const realtimeStatus = useRealtimeStatus();
  useQuery({ ...sessionQueryOptions(), refetchInterval: realtimeStatus === 'reconnecting' ? 10_000 : false });
  useEffect(
    () =>
      realtime.onStatusChange((status) => {
        if (status === 'reconnecting') void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      }),
    [realtime, queryClient],
  );

  const navigation: NavItem[] = [
    { to: paths.inbox, label: t('nav.inbox'), icon: IconInbox },
    // Agents get no board: they would only find the "supervisors only" page behind it.
    ...(canSupervise(role) ? [{ to: paths.supervisor, label: t('nav.supervisor'), icon: IconGauge }] : []),
    { to: paths.customers, label: t('nav.customers'), icon: IconUsers, soon: true },
    { to: paths.reports, label: t('nav.reports'), icon: IconChartBar, soon: true },
    { to: paths.settings, label: t('nav.settings'), icon: IconSettings },
  ];

  return (
    <DashboardLayout
      navigation={navigation}
      headerStart={<WorkspaceSwitcher />}
      headerEnd={
        <>
          <RealtimeStatus />
          <LanguageSwitcher />
          <UserMenu onLoggedOut={() => void navigate(paths.login, { replace: true })} />
        </>
      }
    >
      <Suspense fallback={<PageLoader />}>
        <Outlet />
      </Suspense>
    </DashboardLayout>
  );
}
