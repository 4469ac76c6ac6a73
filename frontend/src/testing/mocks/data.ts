import type { Session } from '@/features/auth/types';

export const demoSession: Session = {
  user: { id: 1, email: 'ana@dialogo.test', name: 'Ana García' },
  workspace: { id: 1, slug: 'demo', name: 'Demo Coffee Co.' },
  role: 'admin',
  memberships: [{ workspace: { id: 1, slug: 'demo', name: 'Demo Coffee Co.' }, role: 'admin' }],
};

export const notAuthenticated = {
  message: 'Authentication credentials were not provided.',
  code: 'not_authenticated',
  extra: {},
};

export const emptyCounts = { mine: 0, unassigned: 0, all: 0, pending: 0, snoozed: 0, teams: [] };

/** The demo session's membership (case assignees are membership ids). */
export const demoMembers = {
  count: 2,
  next: null,
  previous: null,
  results: [
    { id: 11, user: { id: 1, email: 'ana@dialogo.test', name: 'Ana García' }, role: 'admin', is_active: true },
    { id: 12, user: { id: 2, email: 'piotr@dialogo.test', name: 'Piotr Nowak' }, role: 'agent', is_active: true },
  ],
};

export const demoTeams = {
  count: 1,
  next: null,
  previous: null,
  results: [{ id: 5, name: 'Social care', members: [{ id: 11, name: 'Ana García', email: 'ana@dialogo.test' }] }],
};
