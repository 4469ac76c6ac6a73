#!/usr/bin/env node
// Screenshots of the supervisor's live board in English, Spanish and Polish:
//   supervisor-<lang>.png
//
//   node e2e/supervisor-screenshots.mjs [dir=../docs/screenshots]
//
// Against mock-server.mjs serving dist/ (run `npm run build` first), or, with DIALOGO_URL,
// DIALOGO_EMAIL and DIALOGO_PASSWORD set, against a running backend (an admin or supervisor).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium, loggedInPage, screenshotDir } from './screenshot-session.mjs';

const dir = screenshotDir();

let server = null;
let base = process.env.DIALOGO_URL;
let email = process.env.DIALOGO_EMAIL;
let password = process.env.DIALOGO_PASSWORD;
if (!base) {
  const port = await new Promise((resolvePort) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
  server = spawn(process.execPath, [fileURLToPath(new URL('./mock-server.mjs', import.meta.url)), '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((ready) => server.stdout.on('data', (chunk) => chunk.toString().includes('listening') && ready()));
  base = `http://127.0.0.1:${port}`;
  email = 'demo@dialogo.test';
  password = 'dialogo';
}

const browser = await launchChromium();

try {
  for (const language of ['en', 'es', 'pl']) {
    const { context, page } = await loggedInPage(browser, language, { width: 1440, height: 1120 }, { url: base, user: email, secret: password });

    // From the navigation, as a person would.
    await page.locator('nav a[href="/supervisor"]').click();
    await page.waitForURL((url) => url.pathname === '/supervisor');
    await page.getByTestId('team-queues').or(page.getByTestId('agents-table')).first().waitFor();
    await page.waitForTimeout(2_500); // "updated … ago" moves off "now", waits tick
    const path = join(dir, `supervisor-${language}.png`);
    await page.screenshot({ path });
    console.log(`screenshot ${path}`);
    await context.close();
  }
} finally {
  await browser.close();
  server?.kill('SIGTERM');
}
