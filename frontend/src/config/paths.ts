/** Every route the app knows, in one place, so links and redirects never drift apart. */
export const paths = {
  home: '/',
  login: '/login',
  inbox: '/inbox',
  customers: '/customers',
  reports: '/reports',
  supervisor: '/supervisor',
  settings: '/settings',
  settingsChannels: '/settings/channels',
  settingsWebhookLog: '/settings/channels/webhook-log',
  settingsTeam: '/settings/team',
  settingsSla: '/settings/sla',
  settingsSlaCalendars: '/settings/sla/calendars',
  settingsCanned: '/settings/canned-responses',
  settingsTagging: '/settings/tagging-rules',
} as const;

/** Where to send someone after they sign in; only same-app paths, never another site. */
export function safeRedirectTarget(target: string | null | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return paths.inbox;
  }
  if (target === paths.login || target.startsWith(`${paths.login}?`)) return paths.inbox;
  return target;
}

export function loginPathFor(redirectTo: string): string {
  return `${paths.login}?redirectTo=${encodeURIComponent(redirectTo)}`;
}
