/**
 * English is the source of truth: every other language must have exactly these keys
 * (the `Translation` type makes a missing or extra key a compile error).
 */
export const en = {
  app: {
    name: 'Dialogo',
    tagline: 'Every customer conversation, from every channel, in one inbox.',
    footnote: 'Open-source social CRM and customer care',
  },
  common: {
    loading: 'Loading…',
    comingSoon: 'Coming soon',
    soon: 'Soon',
    language: 'Language',
    skipToContent: 'Skip to content',
  },
  auth: {
    pitch: {
      resolution: 'Resolve more cases on the first reply',
      satisfaction: 'Ask for satisfaction after every case',
      cost: 'Know what each follower served costs',
    },
    login: {
      title: 'Sign in',
      subtitle: 'Welcome back. Your team’s inbox is waiting.',
      email: 'Email',
      emailPlaceholder: 'you@company.com',
      password: 'Password',
      passwordPlaceholder: 'Your password',
      submit: 'Sign in',
      failed: 'We could not sign you in',
      emailRequired: 'Enter your email address.',
      emailInvalid: 'Enter a valid email address, like name@company.com.',
      passwordRequired: 'Enter your password.',
    },
    logout: 'Log out',
    logoutFailed: 'We could not log you out. Try again.',
    account: 'Account',
    roles: {
      admin: 'Admin',
      supervisor: 'Supervisor',
      agent: 'Agent',
    },
    workspace: {
      label: 'Workspace',
      switch: 'Switch workspace',
      switchFailed: 'We could not switch workspace.',
    },
  },
  nav: {
    label: 'Main navigation',
    toggle: 'Toggle navigation',
    inbox: 'Inbox',
    customers: 'Customers',
    reports: 'Reports',
    settings: 'Settings',
  },
  comingSoon: {
    customers:
      'One timeline per customer across every channel, with loyalty tags and tiers, so you treat people, not tickets.',
    reports:
      'Resolution rate, response times, satisfaction and cost per follower served — by channel, team, agent and loyalty tier.',
    settings:
      'Connect channels, set SLA policies and business hours, tagging rules and roles.',
  },
  inbox: {
    title: 'Inbox',
    views: {
      label: 'Views',
      mine: 'Mine',
      unassigned: 'Unassigned',
      all: 'All',
    },
    cases: {
      label: 'Cases',
      emptyTitle: 'No cases yet',
      emptyDescription:
        'When a customer writes on any connected channel, their case appears here instantly.',
    },
    caseView: {
      emptyTitle: 'No case selected',
      emptyDescription: 'Pick a case from the list to see the whole conversation with the customer.',
    },
  },
  realtime: {
    idle: 'Offline',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    description: 'Live updates',
  },
  errors: {
    network: 'We could not reach the server. Check your connection and try again.',
    server: 'Something went wrong on our side. Please try again in a moment.',
    unexpected: 'Something unexpected happened. Please try again.',
    boundaryTitle: 'This page stopped working',
    boundaryDescription: 'An unexpected error stopped the page. Reloading usually fixes it.',
    reload: 'Reload',
    notFoundTitle: 'Page not found',
    notFoundDescription: 'The page you opened does not exist or has moved.',
    backHome: 'Back to the inbox',
  },
};

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type Translation = Strings<typeof en>;
