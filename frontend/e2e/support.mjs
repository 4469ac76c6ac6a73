// What the browser scripts share: Debian's Chromium through playwright-core (never a browser
// download), the step timeout, required settings and optional screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

export const STEP_TIMEOUT_MS = Number(process.env.DIALOGO_E2E_TIMEOUT_MS ?? 20_000);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** A screenshot into DIALOGO_SCREENSHOT_DIR, when it is set. */
export async function screenshot(page, name) {
  const dir = process.env.DIALOGO_SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  await page.screenshot({ path, fullPage: false });
  console.log(`e2e:   screenshot ${path}`);
}
