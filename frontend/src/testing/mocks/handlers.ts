import { http, HttpResponse } from 'msw';

import { demoSession, notAuthenticated } from './data';

/** Default API: nobody signed in. Tests override per case with `server.use(...)`. */
export const handlers = [
  http.get('*/api/v1/auth/session/', () => HttpResponse.json(notAuthenticated, { status: 401 })),
  http.post('*/api/v1/auth/logout/', () => new HttpResponse(null, { status: 204 })),
];

export const signedIn = (session = demoSession) =>
  http.get('*/api/v1/auth/session/', () => HttpResponse.json(session));
