import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { server } from '@/testing/mocks/server';

import { api, ApiError, errorMessage, NETWORK_ERROR, INVALID_RESPONSE } from '../api-client';

describe('api client', () => {
  it('turns the API error shape into an ApiError with field errors', async () => {
    server.use(
      http.post('*/api/v1/things/', () =>
        HttpResponse.json(
          { message: 'Check the fields.', code: 'invalid', extra: { fields: { name: ['Required.'] } } },
          { status: 400 },
        ),
      ),
    );

    const error = await api.post('/api/v1/things/', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid', message: 'Check the fields.' });
    expect((error as ApiError).fields).toEqual({ name: ['Required.'] });
    expect(errorMessage(error)).toBe('Check the fields.');
  });

  it('survives an error page that is not JSON', async () => {
    server.use(http.get('*/api/v1/things/', () => new HttpResponse('<h1>Bad gateway</h1>', { status: 502 })));

    const error = await api.get('/api/v1/things/').catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 502, code: INVALID_RESPONSE });
    expect(errorMessage(error)).toMatch(/went wrong on our side/i);
  });

  it('reports a network failure as such', async () => {
    server.use(http.get('*/api/v1/things/', () => HttpResponse.error()));
    const error = await api.get('/api/v1/things/').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: NETWORK_ERROR });
  });

  it('fetches a CSRF cookie first when a write has none', async () => {
    const calls: string[] = [];
    server.use(
      http.get('*/api/v1/auth/session/', () => {
        calls.push('session');
        document.cookie = 'csrftoken=fresh; path=/';
        return HttpResponse.json({ message: 'no', code: 'not_authenticated', extra: {} }, { status: 401 });
      }),
      http.post('*/api/v1/auth/logout/', ({ request }) => {
        calls.push(`logout with ${request.headers.get('X-CSRFToken')}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(api.post('/api/v1/auth/logout/')).resolves.toBeUndefined();

    expect(calls).toEqual(['session', 'logout with fresh']);
  });

  it('does not send a CSRF header on reads, and asks in the current language', async () => {
    document.cookie = 'csrftoken=abc; path=/';
    let headers: Headers | null = null;
    server.use(
      http.get('*/api/v1/teams/', ({ request }) => {
        headers = request.headers;
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
      }),
    );

    await api.get('/api/v1/teams/');

    expect(headers!.get('X-CSRFToken')).toBeNull();
    expect(headers!.get('Accept-Language')).toBe('en');
  });
});
