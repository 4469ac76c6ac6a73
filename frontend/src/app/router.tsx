import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';

import { paths } from '@/config/paths';

import { PageLoader } from './routes/page-loader';

// Signed-out and signed-in halves load separately: the login page does not pay for the shell.
const importLogin = () => import('./routes/auth/login');
const importAppRoot = () => import('./routes/app/root');
const importInbox = () => import('./routes/app/inbox');
const importSupervisor = () => import('./routes/app/supervisor');
const importSettings = () => import('./routes/app/settings');

const LoginRoute = lazy(importLogin);
const AppRoot = lazy(importAppRoot);
const InboxRoute = lazy(importInbox);
const ComingSoonRoute = lazy(() => import('./routes/app/coming-soon'));
const SupervisorRoute = lazy(importSupervisor);
const SettingsRoute = lazy(importSettings);
const SettingsIndexRoute = lazy(() => import('./routes/app/settings-index'));
const NotFoundRoute = lazy(() => import('./routes/not-found'));

/**
 * Starts loading the chunks the page at `pathname` needs, all at once, at boot: otherwise the
 * shell's chunk, then the session, then the page's chunk arrive one after the other.
 */
export function preloadRoute(pathname: string): void {
  const load = (importer: () => Promise<unknown>) => void importer().catch(() => undefined); // lazy() retries and reports
  if (pathname.startsWith(paths.login)) {
    load(importLogin);
    return;
  }
  load(importAppRoot);
  if (pathname === '/' || pathname.startsWith(paths.inbox)) load(importInbox);
  else if (pathname.startsWith(paths.supervisor)) load(importSupervisor);
  else if (pathname.startsWith(paths.settings)) load(importSettings);
}

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoader fullScreen />}>
      <Routes>
        <Route path={paths.login} element={<LoginRoute />} />
        <Route element={<AppRoot />}>
          <Route index element={<Navigate to={paths.inbox} replace />} />
          <Route path={paths.inbox} element={<InboxRoute />} />
          <Route path={`${paths.inbox}/:view/:caseId?`} element={<InboxRoute />} />
          <Route path={paths.supervisor} element={<SupervisorRoute />} />
          <Route path={paths.customers} element={<ComingSoonRoute section="customers" />} />
          <Route path={paths.reports} element={<ComingSoonRoute section="reports" />} />
          <Route path={paths.settings} element={<SettingsIndexRoute />} />
          <Route path={paths.settingsChannels} element={<SettingsRoute section="channels" tab="accounts" />} />
          <Route path={paths.settingsWebhookLog} element={<SettingsRoute section="channels" tab="webhook-log" />} />
          <Route path={paths.settingsTeam} element={<SettingsRoute section="team" />} />
          <Route path={paths.settingsSla} element={<SettingsRoute section="sla" tab="policies" />} />
          <Route path={paths.settingsSlaCalendars} element={<SettingsRoute section="sla" tab="calendars" />} />
          <Route path={paths.settingsCanned} element={<SettingsRoute section="canned" />} />
          <Route path={paths.settingsTagging} element={<SettingsRoute section="tagging" />} />
          <Route path="*" element={<NotFoundRoute />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
