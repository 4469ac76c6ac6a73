import { http, HttpResponse } from 'msw';

import { demoMembers, demoSession, demoTeams, emptyCounts, notAuthenticated } from './data';

/** Default API: nobody signed in. Tests override per case with `server.use(...)`. */
export const handlers = [
  http.get('*/api/v1/auth/session/', () => HttpResponse.json(notAuthenticated, { status: 401 })),
  http.post('*/api/v1/auth/logout/', () => new HttpResponse(null, { status: 204 })),
  // An empty inbox unless a test says otherwise.
  http.get('*/api/v1/cases/', () => HttpResponse.json({ next: null, previous: null, results: [] })),
  http.get('*/api/v1/cases/counts/', () => HttpResponse.json(emptyCounts)),
  http.get('*/api/v1/members/', () => HttpResponse.json(demoMembers)),
  http.get('*/api/v1/canned-responses/', () =>
    HttpResponse.json({ count: 0, next: null, previous: null, results: [] }),
  ),
  http.get('*/api/v1/teams/', () => HttpResponse.json(demoTeams)),
  // No SLA policy applies unless a test says otherwise.
  http.get('*/api/v1/sla/breaching-soon/', () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
  http.get('*/api/v1/sla/cases/:caseId/', () =>
    HttpResponse.json({ message: 'No SLA clocks for this case.', code: 'not_found', extra: {} }, { status: 404 }),
  ),
  http.get('*/api/v1/customers/:customerId/cases/', () => HttpResponse.json({ next: null, previous: null, results: [] })),
  // No likely duplicates unless a test says otherwise.
  http.get('*/api/v1/customers/:customerId/merge-suggestions/', () => HttpResponse.json([])),
  http.get('*/api/v1/workspace/', () =>
    HttpResponse.json({ id: 1, slug: 'demo', name: 'Demo', timezone: 'Europe/Madrid', default_language: 'en', currency: 'EUR' }),
  ),
];

export const signedIn = (session = demoSession) =>
  http.get('*/api/v1/auth/session/', () => HttpResponse.json(session));
