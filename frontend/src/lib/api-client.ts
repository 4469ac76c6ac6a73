/**
 * The one way the app talks HTTP to the Dialogo API.
 *
 * - same-origin cookies (Django session) on every request;
 * - `X-CSRFToken` from the `csrftoken` cookie on every non-GET request;
 * - every failure becomes an {@link ApiError} carrying the API's `{message, code, extra}` shape.
 */
import { i18n } from '@/lib/i18n';

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;
  /** Per-field messages from `extra.fields` (empty when the error is not about a field). */
  readonly fields: FieldErrors;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    extra?: Record<string, unknown> | undefined;
  }) {
    super(options.message);
    this.status = options.status;
    this.code = options.code;
    this.extra = options.extra ?? {};
    this.fields = parseFieldErrors(this.extra.fields);
  }
}

/** Failures that never reached the API or got no API answer (proxy pages, timeouts). */
export const NETWORK_ERROR = 'network_error';
export const INVALID_RESPONSE = 'invalid_response';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

const CSRF_COOKIE = 'csrftoken';
const CSRF_PRIMING_PATH = '/api/v1/auth/session/';

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [rawKey, ...rest] = part.trim().split('=');
    if (rawKey === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

async function csrfToken(): Promise<string | null> {
  const existing = readCookie(CSRF_COOKIE);
  if (existing) return existing;
  // The session endpoint always sets the cookie, whether or not anyone is signed in.
  try {
    await fetch(absoluteUrl(CSRF_PRIMING_PATH), { credentials: 'same-origin' });
  } catch {
    // The real request below reports the network failure.
  }
  return readCookie(CSRF_COOKIE);
}

function absoluteUrl(path: string): string {
  return new URL(path, window.location.origin).toString();
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  const language = i18n.resolvedLanguage ?? i18n.language;
  if (language) headers['Accept-Language'] = language;
  // FormData (file uploads) sets its own multipart Content-Type with the boundary.
  const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = await csrfToken();
    if (token) headers['X-CSRFToken'] = token;
  }

  let response: Response;
  try {
    response = await fetch(absoluteUrl(path), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : isForm ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: 'The server could not be reached.' });
  }

  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromResponse(response, body);
  return body as T;
}

export const api = {
  get: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};

function errorFromResponse(response: Response, body: unknown): ApiError {
  if (isRecord(body) && typeof body.message === 'string') {
    return new ApiError({
      status: response.status,
      code: typeof body.code === 'string' ? body.code : 'error',
      message: body.message,
      extra: isRecord(body.extra) ? body.extra : {},
    });
  }
  if (isRecord(body) && typeof body.detail === 'string') {
    // DRF's own shape, should a view slip past the API's error handler.
    return new ApiError({ status: response.status, code: 'error', message: body.detail });
  }
  // Not an API answer at all: a proxy's error page, or a crash before any handler ran.
  return new ApiError({
    status: response.status,
    code: INVALID_RESPONSE,
    message: `The server answered ${response.status} ${response.statusText}`.trim(),
  });
}

function parseFieldErrors(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [field, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      fields[field] = messages.filter((message): message is string => typeof message === 'string');
    } else if (typeof messages === 'string') {
      fields[field] = [messages];
    }
  }
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Words a person understands for any error thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return i18n.t('errors.network');
    if (error.code === INVALID_RESPONSE) return i18n.t('errors.server');
    return error.message;
  }
  return i18n.t('errors.unexpected');
}
