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
