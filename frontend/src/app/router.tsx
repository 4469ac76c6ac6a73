import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';

import { paths } from '@/config/paths';

import { PageLoader } from './routes/page-loader';

// Signed-out and signed-in halves load separately: the login page does not pay for the shell.
const LoginRoute = lazy(() => import('./routes/auth/login'));
const AppRoot = lazy(() => import('./routes/app/root'));
const InboxRoute = lazy(() => import('./routes/app/inbox'));
const ComingSoonRoute = lazy(() => import('./routes/app/coming-soon'));
const SupervisorRoute = lazy(() => import('./routes/app/supervisor'));
const SettingsRoute = lazy(() => import('./routes/app/settings'));
const SettingsIndexRoute = lazy(() => import('./routes/app/settings-index'));
const NotFoundRoute = lazy(() => import('./routes/not-found'));

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
