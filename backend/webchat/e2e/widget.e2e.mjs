#!/usr/bin/env node
// The web-chat widget in a real browser, on the demo host page:
//
//   DIALOGO_URL=http://127.0.0.1:8123 DIALOGO_WIDGET=<id> DIALOGO_REPLY_TEXT="…" \
//   DIALOGO_FRONTEND_DIR=frontend [CHROMIUM_PATH=/usr/bin/chromium] node widget.e2e.mjs
//
// A visitor (Spanish browser) opens the widget, sends a message containing HTML, which must
// show as text; the script prints `e2e: acked <message id>` and waits for the agent's reply
// (the test process sends it through the inbox and the server's delivery job). A reload keeps
// the same session and shows each message once. Ends with `e2e: N passed, M failed`.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(join(resolve(process.env.DIALOGO_FRONTEND_DIR ?? 'frontend'), 'package.json'));
const { chromium } = require('playwright-core');

const TIMEOUT = Number(process.env.DIALOGO_E2E_TIMEOUT_MS ?? 20_000);
const baseUrl = process.env.DIALOGO_URL;
const widget = process.env.DIALOGO_WIDGET;
const replyText = process.env.DIALOGO_REPLY_TEXT;
const visitorText = '<img src=x onerror="window.__pwned=1"> ¿Tenéis envío a Polonia?';
let passed = 0;
let failed = 0;

async function screenshot(page, name) {
  const dir = process.env.DIALOGO_SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name) });
}

async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`e2e: ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`e2e: FAIL ${name}: ${error.stack || error}`);
    throw error;
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  page.on('console', (message) => console.log(`browser: ${message.type()}: ${message.text()}`));
  await page.goto(`${baseUrl}/widget/demo/?widget=${widget}`, { waitUntil: 'domcontentloaded' });

  const launcher = page.getByRole('button', { name: /Abrir chat/ });
  await check('the launcher is there, labelled in the browser language', async () => {
    await launcher.waitFor({ state: 'visible', timeout: TIMEOUT });
  });

  let acked;
  await check('a message typed and sent is acknowledged and shown as text', async () => {
    await launcher.click();
    const input = page.getByLabel('Tu mensaje');
    await input.waitFor({ state: 'visible', timeout: TIMEOUT });
    if (!(await input.evaluate((node) => node.getRootNode().activeElement === node))) throw new Error('the composer is not focused');
    await input.fill(visitorText);
    await input.press('Enter');
    const bubble = page.locator('li.msg.in[data-message-id]');
    await bubble.waitFor({ state: 'visible', timeout: TIMEOUT });
    acked = await bubble.getAttribute('data-message-id');
    const text = await bubble.textContent();
    if (!text.includes('<img src=x')) throw new Error(`the HTML was not shown as text: ${text}`);
    if (await page.evaluate(() => window.__pwned)) throw new Error('visitor text ran as HTML');
    if ((await page.locator('li.msg img').count()) !== 0) throw new Error('an <img> element was created');
    console.log(`e2e: acked ${acked}`);
  });

  await check("the agent's reply arrives live", async () => {
    await page.locator('li.msg.out', { hasText: replyText }).waitFor({ state: 'visible', timeout: TIMEOUT });
    await screenshot(page, 'widget-reply.png');
  });

  await check('a reload resumes the same session and shows each message once', async () => {
    const token = await page.evaluate((id) => localStorage.getItem(`dialogo-widget:${id}:token`), widget);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByRole('button', { name: /Abrir chat/ }).click();
    await page.locator('li.msg.out', { hasText: replyText }).waitFor({ state: 'visible', timeout: TIMEOUT });
    await page.waitForTimeout(500);
    const ids = await page.locator('li.msg[data-message-id]').evaluateAll((nodes) => nodes.map((n) => n.dataset.messageId));
    if (ids.length !== 2 || new Set(ids).size !== 2 || ids[0] !== acked) throw new Error(`messages after reload: ${ids}`);
    const after = await page.evaluate((id) => localStorage.getItem(`dialogo-widget:${id}:token`), widget);
    if (after !== token) throw new Error('the session token changed on reload');
  });

  await check('Escape closes the panel and gives focus back to the launcher', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden', timeout: TIMEOUT });
    const expanded = await page.getByRole('button', { name: /Abrir chat/ }).getAttribute('aria-expanded');
    if (expanded !== 'false') throw new Error(`aria-expanded=${expanded}`);
  });
} catch {
  // reported by check()
} finally {
  await browser.close();
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed || passed < 5 ? 1 : 0);
}
