// First load of the inbox in headless Debian Chromium (playwright-core, never a browser download),
// driven by bench/frontend.py. Prints one JSON line per measured load on stdout.
//
// Env: DIALOGO_URL, DIALOGO_EMAIL, DIALOGO_PASSWORD, BENCH_RUNS (cold+warm pairs), BENCH_PATH,
// BENCH_WATERFALL=1 (the first cold load's requests up to the first row, and every load's API calls).
//
// A run is a fresh browser context (empty HTTP cache, signed-in cookies): a cold load, then the
// same page again in that context (warm: scripts from the HTTP cache). "Interactive" is the
// moment the first case row is in the DOM — React renders rows with their click handlers, so
// the first case can be clicked from then on; a MutationObserver installed before any script
// runs stamps it with performance.now(), so no polling delay enters the figure. The bench
// then clicks that row and times until the case view shows its first message.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
// The e2e suite's launcher (Debian's Chromium, the same flags).
const { launchChromium, requireEnv } = await import(pathToFileURL(join(here, '..', 'frontend', 'e2e', 'support.mjs')).href);

const url = requireEnv('DIALOGO_URL');
const email = requireEnv('DIALOGO_EMAIL');
const password = requireEnv('DIALOGO_PASSWORD');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const path = process.env.BENCH_PATH ?? '/inbox/all';
const TIMEOUT_MS = 30_000;

const MARK_FIRST_ROW = `
  (() => {
    const stamp = () => {
      if (window.__firstRowAt === undefined && document.querySelector('[data-testid="case-row"]')) {
        window.__firstRowAt = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(stamp);
    observer.observe(document, { childList: true, subtree: true });
  })();
`;

async function signIn(browser) {
  const context = await browser.newContext({ baseURL: url });
  await context.request.get('/api/v1/auth/session/');
  const csrf = (await context.cookies()).find((cookie) => cookie.name === 'csrftoken')?.value ?? '';
  const response = await context.request.post('/api/v1/auth/login/', {
    data: { email, password },
    headers: { 'X-CSRFToken': csrf, Referer: url },
  });
  if (!response.ok()) throw new Error(`login failed: ${response.status()} ${await response.text()}`);
  const state = await context.storageState();
  await context.close();
  return state;
}

async function measure(context, page, cdp, kind, run) {
  // Every API call of this load and of opening the first case (what the page asks, and how often).
  const apiCalls = [];
  const onRequest = (request) => {
    const { pathname, search } = new URL(request.url());
    if (pathname.startsWith('/api/')) apiCalls.push(pathname + search);
  };
  page.on('request', onRequest);
  await page.goto(`${url}${path}`, { waitUntil: 'commit', timeout: TIMEOUT_MS });
  const firstRow = page.locator('[data-testid="case-row"]').first();
  await firstRow.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  await page.waitForFunction(() => window.__firstRowAt !== undefined, null, { timeout: TIMEOUT_MS });
  // Let the load event fire (it may come after the rows) before reading the timings.
  await page.waitForLoadState('load', { timeout: TIMEOUT_MS });
  const timings = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    const resources = performance.getEntriesByType('resource');
    const js = resources.filter((entry) => entry.name.endsWith('.js'));
    return {
      interactive_ms: window.__firstRowAt,
      ttfb_ms: nav.responseStart,
      dcl_ms: nav.domContentLoadedEventEnd,
      load_ms: nav.loadEventEnd,
      js_files: js.length,
      js_transfer_bytes: js.reduce((sum, entry) => sum + entry.transferSize, 0),
      js_decoded_bytes: js.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
      api_requests: resources.filter((entry) => new URL(entry.name).pathname.startsWith('/api/')).length,
      rows: document.querySelectorAll('[data-testid="case-row"]').length,
      // What was fetched, when (ms from navigation start): the critical path to the first row.
      waterfall: resources
        .filter((entry) => entry.startTime <= window.__firstRowAt)
        .map((entry) => [new URL(entry.name).pathname + new URL(entry.name).search, Math.round(entry.startTime), Math.round(entry.responseEnd)]),
    };
  });
  if (!(process.env.BENCH_WATERFALL === '1' && kind === 'cold' && run === 1)) delete timings.waterfall;
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? null;

  // The first case is clickable: open it, and time until its conversation shows.
  const clickedAt = Date.now();
  await firstRow.click({ timeout: TIMEOUT_MS });
  await page.locator('[data-testid="case-view"]').waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  const openCaseMs = Date.now() - clickedAt;
  const openedCaseId = await firstRow.getAttribute('data-case-id');
  // Catch what follows (the case header's clocks, rows settling) before the next load.
  await page.locator('[data-testid="case-view"] [data-testid="sla-countdown"]').waitFor({ timeout: 3_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
  page.off('request', onRequest);

  const extra = process.env.BENCH_WATERFALL === '1' ? { api_calls: apiCalls, opened_case_id: Number(openedCaseId) } : {};
  console.log(JSON.stringify({ kind, run, ...timings, js_heap_bytes: heap, open_case_ms: openCaseMs, ...extra }));
}

const browser = await launchChromium();
try {
  const storageState = await signIn(browser);
  for (let run = 1; run <= runs; run += 1) {
    const context = await browser.newContext({ storageState, viewport: { width: 1440, height: 900 } });
    await context.addInitScript(MARK_FIRST_ROW);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await measure(context, page, cdp, 'cold', run);
    await measure(context, page, cdp, 'warm', run);
    await context.close();
  }
} finally {
  await browser.close();
}
