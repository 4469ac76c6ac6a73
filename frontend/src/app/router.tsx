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
const SettingsChannelsRoute = lazy(() => import('./routes/app/settings-channels'));
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
          <Route path={paths.settings} element={<Navigate to={paths.settingsChannels} replace />} />
          <Route path={paths.settingsChannels} element={<SettingsChannelsRoute tab="accounts" />} />
          <Route path={paths.settingsWebhookLog} element={<SettingsChannelsRoute tab="webhook-log" />} />
          <Route path="*" element={<NotFoundRoute />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
