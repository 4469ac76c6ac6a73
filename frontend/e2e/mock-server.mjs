#!/usr/bin/env node
// A stand-in for the Dialogo backend, for frontend work and screenshots without Django.
//
// It follows the API contract the backend implements (session cookie, Django-style CSRF,
// the {message, code, extra} error shape, the /ws/ hello frame) and serves dist/ with an
// SPA fallback, the way the backend does in production.
//
//   node e2e/mock-server.mjs [--port 8123] [--host 127.0.0.1] [--api-only] [--multi-workspace]
//
// With --port 8000 --api-only it can sit behind `npm run dev` (Vite proxies /api and /ws there).
// Demo credentials: MOCK_EMAIL / MOCK_PASSWORD, default demo@dialogo.test / dialogo; MOCK_ROLE
// (admin, supervisor or agent; default admin) is the demo user's role in the first workspace.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { WebSocketServer } from 'ws';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8123' },
    host: { type: 'string', default: '127.0.0.1' },
    dist: { type: 'string', default: fileURLToPath(new URL('../dist', import.meta.url)) },
    'api-only': { type: 'boolean', default: false },
    'multi-workspace': { type: 'boolean', default: false },
  },
});

const EMAIL = process.env.MOCK_EMAIL ?? 'demo@dialogo.test';
const PASSWORD = process.env.MOCK_PASSWORD ?? 'dialogo';

const workspaces = [
  { id: 1, slug: 'demo', name: 'Demo Coffee Co.' },
  { id: 2, slug: 'acme', name: 'Acme Support' },
];
const user = { id: 1, email: EMAIL, name: 'Ana García' };
const memberships = [
  { workspace: workspaces[0], role: process.env.MOCK_ROLE ?? 'admin' },
  ...(args['multi-workspace'] ? [{ workspace: workspaces[1], role: 'agent' }] : []),
];

/** sessionid → { workspaceId } */
const sessions = new Map();

function parseCookies(header = '') {
  const cookies = {};
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key) cookies[key] = decodeURIComponent(rest.join('='));
  }
  return cookies;
}

function sessionOf(req) {
  const sid = parseCookies(req.headers.cookie).sessionid;
  return sid && sessions.has(sid) ? { sid, ...sessions.get(sid) } : null;
}

function sessionBody(workspaceId) {
  const membership = memberships.find((m) => m.workspace.id === workspaceId) ?? memberships[0];
  return { user, workspace: membership.workspace, role: membership.role, memberships };
}

function send(res, status, body, headers = {}) {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const error = (message, code, extra = {}) => ({ message, code, extra });

function csrfCookie(req) {
  const existing = parseCookies(req.headers.cookie).csrftoken;
  return existing ?? randomBytes(16).toString('hex');
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

// --- Settings › Channels ------------------------------------------------------------------
const SECRETS = new Set(['app_secret', 'page_access_token', 'access_token', 'secret_token', 'bot_token', 'consumer_secret',
  'inbound_secret', 'smtp_password', 'imap_password', 'identity_secret']);
const mask = (key, value) => (SECRETS.has(key) ? `••••${value.slice(-4)}` : value);
function channelAccount(id, kind, name, externalId, credentials) {
  const setup = { webhook_url: `http://127.0.0.1:${args.port}/webhooks/${kind}/${id}/`, instructions: '' };
  if (['messenger', 'instagram', 'whatsapp'].includes(kind)) setup.verify_token = credentials.verify_token ?? '';
  if (kind === 'telegram') Object.assign(setup, { secret_header: 'X-Telegram-Bot-Api-Secret-Token', secret: 'demo-telegram-secret' });
  const now = new Date().toISOString();
  return {
    id, kind, name, external_id: externalId, is_active: true, reopen_window: 604800, email_subject_threading: true,
    credentials: Object.fromEntries(Object.entries(credentials).map(([key, value]) => [key, mask(key, value)])),
    setup, created_at: now, updated_at: now,
  };
}
const channelAccounts = [
  channelAccount(1, 'messenger', 'Demo Coffee Co. — Facebook', '100200300400500',
    { app_secret: 'demo-meta-app-secret', verify_token: 'demo-verify-token', page_access_token: 'demo-page-token' }),
  channelAccount(2, 'telegram', '@DemoCoffeeBot', '7012345678', { secret_token: 'demo-telegram-secret', bot_token: '1:demo-token' }),
];
let nextAccountId = 3;
const telegramBody = '{"update_id":718293650,"message":{"message_id":4827,"from":{"id":7720193846,"first_name":"Emily"},"chat":{"id":7720193846,"type":"private"},"date":1763820400,"text":"Hi! Where is my order?"}}';
const inboundEvents = [
  ['rejected', 0, 'missing X-Telegram-Bot-Api-Secret-Token header', {}],
  ['dead', 8, 'ingest failed: database unavailable', {}],
  ['processed', 1, '', { message: 1 }],
].map(([status, attempts, err, outcome], index) => ({
  id: 3 - index, channel_account: 2, kind: 'telegram', status, attempts, error: err, outcome,
  received_at: new Date(Date.now() - index * 60_000).toISOString(), next_attempt_at: null,
  processed_at: status === 'processed' ? new Date(Date.now() - index * 60_000 + 80).toISOString() : null,
  size_bytes: telegramBody.length, headers: { 'content-type': 'application/json' }, body_text: telegramBody,
}));

// --- Supervisor board -------------------------------------------------------------------------
const minutesAgo = (minutes) => new Date(Date.now() - minutes * 60_000).toISOString();
function boardBody() {
  // A little movement between refetches, so the "updated" line and the tiles visibly refresh.
  const jitter = Math.floor(Date.now() / 15_000) % 2;
  const teams = [
    { id: 1, name: 'Support', open: 13 + jitter, unassigned: 2 + jitter, waiting: 5 + jitter, oldest_waiting_since: minutesAgo(23), at_risk: 1, breached: 0 },
    { id: 2, name: 'Social care', open: 8, unassigned: 1, waiting: 3, oldest_waiting_since: minutesAgo(74), at_risk: 1, breached: 1 },
    { id: 3, name: 'VIP desk', open: 3, unassigned: 0, waiting: 0, oldest_waiting_since: null, at_risk: 0, breached: 0 },
    { id: null, name: '', open: 3, unassigned: 3, waiting: 2, oldest_waiting_since: minutesAgo(6), at_risk: 0, breached: 0 },
  ];
  const sum = (key) => teams.reduce((total, team) => total + team[key], 0);
  const agents = [
    { membership_id: 11, name: 'Ana García', email: EMAIL, role: 'admin', status: 'online', open_assigned: 3, capacity: 10, viewing_case_ids: [42] },
    { membership_id: 12, name: 'Piotr Nowak', email: 'piotr@dialogo.test', role: 'agent', status: 'online', open_assigned: 8, capacity: 10, viewing_case_ids: [57, 61] },
    { membership_id: 13, name: 'Lucía Fernández', email: 'lucia@dialogo.test', role: 'agent', status: 'online', open_assigned: 6, capacity: 6, viewing_case_ids: [] },
    { membership_id: 14, name: 'Tom Baker', email: 'tom@dialogo.test', role: 'supervisor', status: 'away', open_assigned: 2, capacity: null, viewing_case_ids: [] },
    { membership_id: 15, name: 'Zofia Wiśniewska', email: 'zofia@dialogo.test', role: 'agent', status: 'offline', open_assigned: 2, capacity: 8, viewing_case_ids: [] },
  ];
  return {
    generated_at: new Date().toISOString(),
    totals: {
      open: sum('open'), unassigned: sum('unassigned'), waiting: sum('waiting'), at_risk: sum('at_risk'), breached: sum('breached'),
      agents_online: agents.filter((agent) => agent.status === 'online').length,
    },
    teams,
    agents,
    channels: [
      { kind: 'whatsapp', open: 10 + jitter, waiting: 4 + jitter },
      { kind: 'instagram', open: 7, waiting: 3 },
      { kind: 'messenger', open: 5, waiting: 2 },
      { kind: 'email', open: 4, waiting: 1 },
      { kind: 'webchat', open: 1, waiting: 0 },
    ],
  };
}

async function handleApi(req, res, url) {
  const path = url.pathname;
  const setCsrf = `csrftoken=${csrfCookie(req)}; Path=/; SameSite=Lax`;

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const cookie = parseCookies(req.headers.cookie).csrftoken;
    if (!cookie || req.headers['x-csrftoken'] !== cookie) {
      return send(res, 403, error('CSRF check failed. Reload the page and try again.', 'csrf_failed'));
    }
  }

  if (path === '/api/v1/auth/session/' && req.method === 'GET') {
    const session = sessionOf(req);
    if (!session) {
      return send(res, 401, error('You are not signed in.', 'not_authenticated'), { 'Set-Cookie': setCsrf });
    }
    return send(res, 200, sessionBody(session.workspaceId), { 'Set-Cookie': setCsrf });
  }

  if (path === '/api/v1/auth/login/' && req.method === 'POST') {
    const body = await readJson(req);
    if (body === null) return send(res, 400, error('The request body is not valid JSON.', 'parse_error'));
    const fields = {};
    if (!body.email) fields.email = ['This field is required.'];
    if (!body.password) fields.password = ['This field is required.'];
    if (Object.keys(fields).length) return send(res, 400, error('Invalid input.', 'invalid', { fields }));
    if (String(body.email).toLowerCase() !== EMAIL.toLowerCase() || body.password !== PASSWORD) {
      return send(res, 400, error('The email or password is not correct.', 'invalid_credentials'));
    }
    const sid = randomBytes(16).toString('hex');
    sessions.set(sid, { workspaceId: memberships[0].workspace.id });
    // Django rotates the CSRF token at login; so do we.
    const rotated = `csrftoken=${randomBytes(16).toString('hex')}; Path=/; SameSite=Lax`;
    return send(res, 200, sessionBody(memberships[0].workspace.id), {
      'Set-Cookie': [`sessionid=${sid}; Path=/; HttpOnly; SameSite=Lax`, rotated],
    });
  }

  const session = sessionOf(req);
  if (!session) return send(res, 401, error('You are not signed in.', 'not_authenticated'));

  if (path === '/api/v1/auth/logout/' && req.method === 'POST') {
    sessions.delete(session.sid);
    for (const socket of sockets.get(session.sid) ?? []) socket.close(4401, 'logged out');
    return send(res, 204, undefined, { 'Set-Cookie': 'sessionid=; Path=/; Max-Age=0' });
  }

  if (path === '/api/v1/auth/workspace/' && req.method === 'POST') {
    const body = (await readJson(req)) ?? {};
    const membership = memberships.find((m) => m.workspace.slug === body.workspace);
    if (!membership) {
      return send(res, 400, error('You are not a member of that workspace.', 'invalid', {
        fields: { workspace: ['Unknown workspace.'] },
      }));
    }
    sessions.set(session.sid, { workspaceId: membership.workspace.id });
    return send(res, 200, sessionBody(membership.workspace.id));
  }

  if (path === '/api/v1/teams/' && req.method === 'GET') {
    return send(res, 200, { count: 1, next: null, previous: null, results: [{ id: 1, name: 'Support', members: [] }] });
  }

  // The inbox, empty: enough for the shell to render its real empty states.
  if (path === '/api/v1/cases/' && req.method === 'GET') {
    return send(res, 200, { next: null, previous: null, results: [] });
  }
  if (path === '/api/v1/cases/counts/' && req.method === 'GET') {
    return send(res, 200, { mine: 0, unassigned: 0, all: 0, pending: 0, snoozed: 0, teams: [] });
  }
  if ((path === '/api/v1/members/' || path === '/api/v1/canned-responses/') && req.method === 'GET') {
    return send(res, 200, { count: 0, next: null, previous: null, results: [] });
  }
  // SLA: nothing is breaching soon, and no case has clocks (no policy applies).
  if (path === '/api/v1/sla/breaching-soon/' && req.method === 'GET') {
    return send(res, 200, { count: 0, next: null, previous: null, results: [] });
  }
  if (/^\/api\/v1\/sla\/cases\/\d+\/$/.test(path) && req.method === 'GET') {
    return send(res, 404, error('No SLA clocks for this case (no such case, or no policy applied to it).', 'not_found'));
  }
  if (/^\/api\/v1\/customers\/\d+\/cases\/$/.test(path) && req.method === 'GET') {
    return send(res, 200, { next: null, previous: null, results: [] });
  }

  // The supervisor's live board (supervisors and admins): counted now, so waits look real.
  if (path === '/api/v1/board/' && req.method === 'GET') {
    const membership = memberships.find((m) => m.workspace.id === session.workspaceId) ?? memberships[0];
    if (membership.role === 'agent') {
      return send(res, 403, error('Only supervisors and admins can see the board.', 'permission_denied'));
    }
    return send(res, 200, boardBody());
  }

  // Settings › Channels (admins): accounts with what to paste into each platform, and the webhook log.
  if (path === '/api/v1/channel-accounts/' && req.method === 'GET') {
    return send(res, 200, { count: channelAccounts.length, next: null, previous: null, results: channelAccounts });
  }
  if (path === '/api/v1/channel-accounts/' && req.method === 'POST') {
    const body = (await readJson(req)) ?? {};
    if (!body.name) return send(res, 400, error('Invalid input.', 'invalid', { fields: { name: ['This field is required.'] } }));
    const account = channelAccount(nextAccountId++, body.kind ?? 'api', body.name, body.external_id ?? '', {});
    channelAccounts.push(account);
    return send(res, 201, account);
  }
  const accountMatch = /^\/api\/v1\/channel-accounts\/(\d+)\/$/.exec(path);
  if (accountMatch && req.method === 'PATCH') {
    const account = channelAccounts.find((a) => a.id === Number(accountMatch[1]));
    if (!account) return send(res, 404, error('Not found.', 'not_found'));
    const body = (await readJson(req)) ?? {};
    for (const key of ['name', 'external_id', 'is_active']) if (key in body) account[key] = body[key];
    for (const [key, value] of Object.entries(body.credentials ?? {})) account.credentials[key] = mask(key, String(value));
    return send(res, 200, account);
  }
  if (path === '/api/v1/inbound-events/' && req.method === 'GET') {
    const status = url.searchParams.get('status');
    const results = inboundEvents.filter((event) => !status || event.status === status).map(({ headers, body_text, ...row }) => row);
    return send(res, 200, { count: results.length, next: null, previous: null, results });
  }
  const eventMatch = /^\/api\/v1\/inbound-events\/(\d+)\/(reprocess\/)?$/.exec(path);
  if (eventMatch) {
    const event = inboundEvents.find((e) => e.id === Number(eventMatch[1]));
    if (!event) return send(res, 404, error('Not found.', 'not_found'));
    if (!eventMatch[2] && req.method === 'GET') return send(res, 200, { ...event, query_string: '', body_base64: '' });
    if (eventMatch[2] && req.method === 'POST') {
      if (event.status === 'rejected' || event.status === 'malformed') {
        return send(res, 409, error(`A ${event.status} request is never processed.`, 'not_reprocessable'));
      }
      Object.assign(event, { status: 'processed', attempts: 1, error: '', outcome: { message: 1 }, processed_at: new Date().toISOString() });
      return send(res, 202, event);
    }
  }

  return send(res, 404, error('Not found.', 'not_found'));
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function serveStatic(req, res, url) {
  const root = resolve(args.dist);
  let file = normalize(join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(root + sep) && file !== root) return send(res, 404, error('Not found.', 'not_found'));
  const isFile = existsSync(file) && statSync(file).isFile();
  if (!isFile) {
    // Asset requests that miss are real 404s; everything else is a client-side route.
    if (url.pathname.startsWith('/assets/')) return send(res, 404, error('Not found.', 'not_found'));
    file = join(root, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      return res.end('dist/index.html is missing: run `npm run build` first.\n');
    }
  }
  const immutable = url.pathname.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
  if (url.pathname.startsWith('/api/')) {
    handleApi(req, res, url).catch((cause) => {
      console.error(cause);
      send(res, 500, error('The mock server failed.', 'server_error'));
    });
    return;
  }
  if (args['api-only']) return send(res, 404, error('Not found.', 'not_found'));
  serveStatic(req, res, url);
});

/** sessionid → open sockets, so logout can close them like the backend does. */
const sockets = new Map();
const wss = new WebSocketServer({ noServer: true });
let seq = 0;

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const session = sessionOf(req);
  if (url.pathname !== '/ws/' || !session) {
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const open = sockets.get(session.sid) ?? new Set();
    open.add(ws);
    sockets.set(session.sid, open);
    ws.on('close', () => open.delete(ws));
    ws.send(JSON.stringify({ type: 'hello', workspace: session.workspaceId, user: user.id }));
    const heartbeat = setInterval(() => {
      seq += 1;
      ws.send(JSON.stringify({ type: 'presence.heartbeat', payload: { at: new Date().toISOString() }, seq }));
    }, 30_000);
    ws.on('close', () => clearInterval(heartbeat));
  });
});

server.listen(Number(args.port), args.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  console.log(`mock-server: listening on http://${args.host}:${port} (sign in as ${EMAIL} / ${PASSWORD})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const client of wss.clients) client.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
