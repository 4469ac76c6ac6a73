// What every screenshot script shares: the backend to shoot, the output folder, headless
// Chromium (Debian's, never a download) and a logged-in page per language.
import { mkdirSync } from 'node:fs';

import { launchChromium } from './support.mjs';

export const base = process.env.DIALOGO_URL ?? 'http://127.0.0.1:8000';
export const email = process.env.DIALOGO_EMAIL ?? 'admin@demo.dialogo.local';
export const password = process.env.DIALOGO_PASSWORD ?? 'dialogo-demo-2026';

/** The folder screenshots go to: the first CLI argument, else docs/screenshots. */
export function screenshotDir() {
  const dir = process.argv[2] ?? new URL('../../docs/screenshots/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return dir;
}

export { launchChromium };

/** A page of a new context in `language`, logged in through the login form (lands on /inbox).
 * `login` overrides the backend and credentials (e.g. a mock server started by the script). */
export async function loggedInPage(browser, language, viewport = { width: 1440, height: 900 }, login = {}) {
  const { url = base, user = email, secret = password } = login;
  const context = await browser.newContext({ viewport, locale: language });
  await context.addInitScript((lang) => window.localStorage.setItem('dialogo.language', lang), language);
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.locator('input[name="email"]').fill(user);
  await page.locator('input[name="password"]').fill(secret);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/inbox'));
  return { context, page };
}
