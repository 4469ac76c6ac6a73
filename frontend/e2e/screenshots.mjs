#!/usr/bin/env node
// Renders the main screens against mock-server.mjs (serving dist/) into PNGs, for review.
//
//   npm run build && node e2e/screenshots.mjs [out-dir]   (default: e2e/screenshots/)
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from './support.mjs';

const outDir = process.argv[2] ?? fileURLToPath(new URL('./screenshots', import.meta.url));
mkdirSync(outDir, { recursive: true });

const port = await new Promise((resolvePort) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
  });
});
const server = spawn(
  process.execPath,
  [fileURLToPath(new URL('./mock-server.mjs', import.meta.url)), '--port', String(port), '--multi-workspace'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
await new Promise((ready) => server.stdout.on('data', (chunk) => chunk.toString().includes('listening') && ready()));
const base = `http://127.0.0.1:${port}`;

const browser = await launchChromium();

async function shoot(page, name) {
  await page.waitForTimeout(300); // let transitions settle
  await page.screenshot({ path: join(outDir, name) });
  console.log(`screenshots: ${join(outDir, name)}`);
}

async function signIn(page) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="email"]').fill('demo@dialogo.test');
  await page.locator('input[name="password"]').fill('dialogo');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/inbox');
  await page.locator('[data-testid="realtime-status"][data-status="connected"]').waitFor();
}

try {
  for (const [locale, suffix] of [['en-US', 'en'], ['es-ES', 'es'], ['pl-PL', 'pl']]) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
    const page = await context.newPage();
    await page.goto(`${base}/inbox`);
    await page.getByTestId('login-form').waitFor();
    await shoot(page, `login-${suffix}.png`);
    if (suffix === 'en') {
      await page.locator('button[type="submit"]').click();
      await shoot(page, 'login-en-validation.png');
      await page.locator('input[name="email"]').fill('demo@dialogo.test');
      await page.locator('input[name="password"]').fill('wrong password');
      await page.locator('button[type="submit"]').click();
      await page.getByRole('alert').waitFor();
      await shoot(page, 'login-en-error.png');
    }
    await signIn(page);
    await shoot(page, `inbox-empty-${suffix}.png`);
    if (suffix === 'en') {
      await page.getByRole('link', { name: /reports/i }).click();
      await page.getByTestId('coming-soon').waitFor();
      await shoot(page, 'reports-coming-soon-en.png');
      await page.goto(`${base}/inbox`);
      await page.getByRole('button', { name: /switch workspace/i }).click();
      await shoot(page, 'workspace-menu-en.png');
    }
    await context.close();
  }
  const mobile = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US', isMobile: true, hasTouch: true });
  const page = await mobile.newPage();
  await page.goto(`${base}/login`);
  await page.getByTestId('login-form').waitFor();
  await shoot(page, 'login-mobile.png');
  await signIn(page);
  await shoot(page, 'inbox-mobile.png');
  await mobile.close();
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
