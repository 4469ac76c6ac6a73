#!/usr/bin/env node
// End-to-end check of the signed-out → signed-in → signed-out path in a real browser.
//
//   DIALOGO_URL=http://127.0.0.1:8123 DIALOGO_EMAIL=… DIALOGO_PASSWORD=… \
//   [DIALOGO_SCREENSHOT_DIR=/tmp/shots] [CHROMIUM_PATH=/usr/bin/chromium] node e2e/login.e2e.mjs
//
// Uses playwright-core with the system Chromium (it never downloads a browser).
// Prints one line per step and ends with `e2e: N passed, M failed`; exits 0 only if all passed.
import { launchChromium, requireEnv, screenshot, STEP_TIMEOUT_MS } from './support.mjs';

/** Asks the API, from inside the page (same cookies), who is signed in. */
async function fetchSession(page) {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/auth/session/', { credentials: 'same-origin' });
    return { status: response.status, body: await response.json().catch(() => null) };
  });
}

async function loginScenario(page, baseUrl, email, password) {
  const step = (text) => console.log(`e2e: - ${text}`);

  step('a signed-out visit to /inbox lands on /login');
  await page.goto(new URL('/inbox', baseUrl).toString(), { waitUntil: 'domcontentloaded' });
  await page.waitForURL((url) => url.pathname === '/login', { timeout: STEP_TIMEOUT_MS });
  const form = page.getByTestId('login-form');
  await form.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const brand = await page.locator('text=Dialogo').first().isVisible();
  if (!brand) throw new Error('the login page does not show the product name "Dialogo"');
  await screenshot(page, 'login.png');

  step('signing in opens the inbox');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
  try {
    await page.waitForURL((url) => url.pathname === '/inbox', { timeout: STEP_TIMEOUT_MS });
  } catch (cause) {
    const alert = await page.getByRole('alert').allInnerTexts().catch(() => []);
    const fieldErrors = await page.locator('.mantine-InputWrapper-error').allInnerTexts().catch(() => []);
    const shown = [...alert, ...fieldErrors].join(' | ') || 'no error shown';
    throw new Error(`still on ${new URL(page.url()).pathname} after submitting the login form (${shown})`, { cause });
  }

  step('the header shows the workspace of the session');
  const session = await fetchSession(page);
  if (session.status !== 200 || !session.body?.workspace?.name) {
    throw new Error(`GET /api/v1/auth/session/ after login answered ${session.status}: ${JSON.stringify(session.body)}`);
  }
  const workspaceName = page.getByTestId('workspace-name');
  await workspaceName.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const shownName = (await workspaceName.innerText()).trim();
  if (shownName !== session.body.workspace.name) {
    throw new Error(`header shows workspace "${shownName}", session says "${session.body.workspace.name}"`);
  }
  await page.getByTestId('inbox').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });

  step('the realtime indicator reaches "connected"');
  const indicator = page.getByTestId('realtime-status');
  try {
    await page
      .locator('[data-testid="realtime-status"][data-status="connected"]')
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch (cause) {
    const status = await indicator.getAttribute('data-status').catch(() => 'missing');
    throw new Error(`realtime indicator stayed "${status}" (is /ws/ accepting the session cookie?)`, { cause });
  }
  await screenshot(page, 'inbox.png');

  step('logging out returns to /login and ends the session');
  await page.getByTestId('logout-button').click();
  await page.waitForURL((url) => url.pathname === '/login', { timeout: STEP_TIMEOUT_MS });
  await page.getByTestId('login-form').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const after = await fetchSession(page);
  if (after.status === 200) throw new Error('GET /api/v1/auth/session/ still answers 200 after logout');
}

async function main() {
  let passed = 0;
  let failed = 0;
  let browser;
  const pageErrors = [];
  const consoleErrors = [];
  try {
    const baseUrl = requireEnv('DIALOGO_URL');
    const email = requireEnv('DIALOGO_EMAIL');
    const password = requireEnv('DIALOGO_PASSWORD');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });

    await loginScenario(page, baseUrl, email, password);
    if (pageErrors.length > 0) throw new Error(`uncaught errors in the page: ${pageErrors.join(' | ')}`);
    passed += 1;
    console.log('e2e: PASS login → inbox → realtime connected → logout');
  } catch (error) {
    failed += 1;
    console.log(`e2e: FAIL ${error instanceof Error ? error.message : String(error)}`);
    for (const text of consoleErrors) console.log(`e2e:   browser console: ${text}`);
  } finally {
    await browser?.close().catch(() => undefined);
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();
