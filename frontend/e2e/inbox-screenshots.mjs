#!/usr/bin/env node
// Screenshots of the live inbox with a case open (inbox-<lang>.png) and of the case view with
// its customer panel (case-<lang>.png), in English, Spanish and Polish, against a running
// backend (the embedded default with its demo data):
//
//   DIALOGO_URL=http://127.0.0.1:8000 DIALOGO_EMAIL=… DIALOGO_PASSWORD=… \
//   node e2e/inbox-screenshots.mjs [dir=../docs/screenshots] [caseId]
//
// Without a case id it opens the open case with the most messages. If the case has no private
// note yet it adds one, so the screenshot shows every kind of timeline row; if its customer has
// no loyalty tags it gives them a tier (`tier:gold`), so the panel shows one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium } from './support.mjs';

const base = process.env.DIALOGO_URL ?? 'http://127.0.0.1:8000';
const email = process.env.DIALOGO_EMAIL ?? 'admin@demo.dialogo.local';
const password = process.env.DIALOGO_PASSWORD ?? 'dialogo-demo-2026';
const dir = process.argv[2] ?? new URL('../../docs/screenshots/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });

const browser = await launchChromium();

async function api(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const csrf = document.cookie.split(';').map((p) => p.trim().split('=')).find(([k]) => k === 'csrftoken')?.[1];
    const response = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRFToken': decodeURIComponent(csrf) } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json().catch(() => null);
  }, { method, path, body });
}

try {
  for (const language of ['en', 'es', 'pl']) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: language });
    await context.addInitScript((lang) => window.localStorage.setItem('dialogo.language', lang), language);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname.startsWith('/inbox'));
    let caseId = process.argv[3];
    if (!caseId) {
      const list = await api(page, 'GET', '/api/v1/cases/?status=open&page_size=20');
      let best = null;
      for (const row of list.results) {
        const detail = await api(page, 'GET', `/api/v1/cases/${row.id}/`);
        if (!best || detail.messages.length > best.messages.length) best = detail;
      }
      caseId = String(best.id);
      if (!best.messages.some((m) => m.kind === 'note')) {
        await api(page, 'POST', `/api/v1/cases/${caseId}/notes/`, {
          text: 'VIP customer — offer free shipping if the order is late.',
        });
      }
      if ((best.customer.tags ?? []).length === 0) {
        await api(page, 'POST', `/api/v1/customers/${best.customer.id}/tags/`, { add: ['tier:gold', 'newsletter'] });
      }
    }
    await page.goto(`${base}/inbox/all/${caseId}`);
    await page.getByTestId('case-view').waitFor();
    await page.locator('[data-testid="realtime-status"][data-status="connected"]').waitFor();
    // Let the SLA clocks and the customer's other cases arrive.
    await page.getByTestId('customer-panel').locator('ul, p').last().waitFor().catch(() => undefined);
    await page.waitForTimeout(800);
    await page.getByTestId('composer-input').click();
    await page.waitForTimeout(400);
    const path = join(dir, `inbox-${language}.png`);
    await page.screenshot({ path });
    console.log(`screenshot ${path}`);

    // The case view alone, with room for its customer panel.
    await page.setViewportSize({ width: 1680, height: 960 });
    await page.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await page.waitForTimeout(500);
    const casePath = join(dir, `case-${language}.png`);
    await page.getByTestId('case-view').screenshot({ path: casePath });
    console.log(`screenshot ${casePath}`);
    await context.close();
  }
} finally {
  await browser.close();
}
