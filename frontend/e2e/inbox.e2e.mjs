#!/usr/bin/env node
// End-to-end check of the agent's main path in a real browser, against a live backend:
// a customer writes (through the `api` webhook), the case appears live in the All view,
// the agent opens it, answers with a canned response (`/`), resolves it with `e`, and the
// case leaves the open view — all without a reload.
//
//   DIALOGO_URL=http://127.0.0.1:8000 DIALOGO_EMAIL=… DIALOGO_PASSWORD=… \
//   [DIALOGO_SCREENSHOT_DIR=/tmp/shots] [CHROMIUM_PATH=/usr/bin/chromium] node e2e/inbox.e2e.mjs
//
// Prints one line per step and ends with `e2e: N passed, M failed`; exits 0 only if all passed.
import { launchChromium, requireEnv, screenshot, STEP_TIMEOUT_MS } from './support.mjs';

/** POST JSON from inside the page: the session cookie and CSRF token of the signed-in agent. */
async function pageRequest(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split(';')
        .map((part) => part.trim().split('='))
        .find(([key]) => key === 'csrftoken')?.[1];
      const response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(csrf ? { 'X-CSRFToken': decodeURIComponent(csrf) } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { method, path, body },
  );
}

async function inboxScenario(page, baseUrl, email, password) {
  const step = (text) => console.log(`e2e: - ${text}`);
  const stamp = Date.now();
  const customerName = `E2E Nora ${stamp}`;
  const messageText = `Hello, where is my order ${stamp}?`;

  step('sign in');
  await page.goto(new URL('/login', baseUrl).toString(), { waitUntil: 'domcontentloaded' });
  const form = page.getByTestId('login-form');
  await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/inbox'), { timeout: STEP_TIMEOUT_MS });

  step('open the All view and wait for live updates');
  await page.getByRole('link', { name: /^All/ }).first().click();
  await page.waitForURL((url) => url.pathname === '/inbox/all', { timeout: STEP_TIMEOUT_MS });
  await page.locator('[data-testid="case-list"], [data-testid="case-list-empty"]').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.locator('[data-testid="realtime-status"][data-status="connected"]').waitFor({ timeout: STEP_TIMEOUT_MS });
  const countBefore = Number(await page.getByTestId('view-count-all').innerText());

  step('a customer writes through the api webhook (API token created in the page)');
  const token = await pageRequest(page, 'POST', '/api/v1/tokens/', { name: `e2e inbox ${stamp}` });
  if (token.status !== 201 || !token.body?.token) throw new Error(`POST /api/v1/tokens/ answered ${token.status}: ${JSON.stringify(token.body)}`);
  const accounts = await pageRequest(page, 'GET', '/api/v1/channel-accounts/?kind=api');
  const account = accounts.body?.results?.[0];
  if (!account) throw new Error(`no api channel account: ${accounts.status} ${JSON.stringify(accounts.body)}`);
  const webhook = await page.evaluate(
    async ({ accountId, token, body }) => {
      const response = await fetch(`/webhooks/api/${accountId}/`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    {
      accountId: account.id,
      token: token.body.token,
      body: {
        external_id: `e2e-msg-${stamp}`,
        sender: { external_id: `e2e-cust-${stamp}`, display_name: customerName },
        sent_at: Math.floor(stamp / 1000),
        text: messageText,
      },
    },
  );
  if (webhook.status >= 300) throw new Error(`webhook answered ${webhook.status}: ${JSON.stringify(webhook.body)}`);
  const caseId = webhook.body?.case_id;

  step('the new case appears in the All view without a reload, and the count goes up');
  const row = page.getByTestId('case-row').filter({ hasText: customerName });
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  if (caseId && (await row.getAttribute('data-case-id')) !== String(caseId)) {
    throw new Error(`the row shows case ${await row.getAttribute('data-case-id')}, the webhook made case ${caseId}`);
  }
  await page.waitForFunction(
    (before) => Number(document.querySelector('[data-testid="view-count-all"]')?.textContent) === before + 1,
    countBefore,
    { timeout: STEP_TIMEOUT_MS },
  );
  if ((await page.getByTestId('case-row').filter({ hasText: customerName }).count()) !== 1) {
    throw new Error('the new case is listed more than once');
  }

  step('open the case: the customer message is in the timeline');
  await row.click();
  await page.waitForURL((url) => url.pathname === `/inbox/all/${caseId}`, { timeout: STEP_TIMEOUT_MS });
  const caseView = page.getByTestId('case-view');
  await caseView.getByTestId('message').filter({ hasText: messageText }).waitFor({ timeout: STEP_TIMEOUT_MS });

  step('r focuses the reply; / lists canned responses; Enter inserts the rendered one');
  await page.locator('body').click({ position: { x: 5, y: 200 } }).catch(() => undefined);
  await page.keyboard.press('r');
  const input = page.getByTestId('composer-input');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'composer-input', null, {
    timeout: STEP_TIMEOUT_MS,
  });
  await page.keyboard.type('/');
  const menu = page.getByTestId('canned-menu');
  await menu.getByRole('option').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => {
      const value = document.querySelector('[data-testid="composer-input"]')?.value ?? '';
      return value.length > 1 && !value.startsWith('/') && !value.includes('{{');
    },
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
  const replyText = (await input.inputValue()).trim();
  await screenshot(page, 'inbox-composer.png');

  step('Enter sends the reply; it appears in the timeline');
  await page.keyboard.press('Enter');
  await caseView
    .locator('[data-testid="message"][data-direction="out"]')
    .filter({ hasText: replyText.slice(0, 40) })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT_MS });
  if ((await input.inputValue()) !== '') throw new Error('the composer was not cleared after sending');

  step('e resolves the case; it leaves the open view');
  await page.keyboard.press('Escape');
  await page.keyboard.press('e');
  await page.locator('[data-testid="case-status"]').filter({ hasText: 'Resolved' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page
    .getByTestId('case-row')
    .filter({ hasText: customerName })
    .waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  const detail = await pageRequest(page, 'GET', `/api/v1/cases/${caseId}/`);
  if (detail.body?.status !== 'resolved') throw new Error(`the API says case ${caseId} is ${detail.body?.status}`);
  await screenshot(page, 'inbox-resolved.png');
}

async function main() {
  const baseUrl = requireEnv('DIALOGO_URL');
  const email = requireEnv('DIALOGO_EMAIL');
  const password = requireEnv('DIALOGO_PASSWORD');
  const browser = await launchChromium();
  let passed = 0;
  let failed = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    try {
      await inboxScenario(page, baseUrl, email, password);
      passed += 1;
      console.log('e2e: PASS inbox: live case, canned reply, resolve');
    } catch (error) {
      failed += 1;
      console.log(`e2e: FAIL inbox: ${error instanceof Error ? error.message : String(error)}`);
      await screenshot(page, 'inbox-failure.png').catch(() => undefined);
    }
    if (consoleErrors.length > 0) {
      failed += 1;
      console.log(`e2e: FAIL no uncaught page errors: ${consoleErrors.join(' | ')}`);
    } else {
      passed += 1;
      console.log('e2e: PASS no uncaught page errors');
    }
  } finally {
    await browser.close();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
