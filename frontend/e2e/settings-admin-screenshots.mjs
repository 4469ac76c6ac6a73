#!/usr/bin/env node
// Screenshots of the admin settings issue #6 asks for, against a running backend (the embedded
// default with its demo data), in English, Spanish and Polish:
//   settings-teams-<lang>.png     Team and members, with a member's role and teams being edited
//   settings-sla-<lang>.png       SLA policies, one opened in its drawer
//   settings-sla-calendar-<lang>.png  a business-hours calendar opened (weekly hours, holidays)
//   settings-canned-<lang>.png    canned responses, searched
//   settings-tagging-<lang>.png   tagging rules, one opened
//
//   DIALOGO_URL=http://127.0.0.1:8000 DIALOGO_EMAIL=… DIALOGO_PASSWORD=… \
//   node e2e/settings-admin-screenshots.mjs [dir=../docs/screenshots]
import { join } from 'node:path';

import { launchChromium, loggedInPage, screenshotDir } from './screenshot-session.mjs';

const dir = screenshotDir();
const browser = await launchChromium();

async function shoot(page, name) {
  await page.waitForTimeout(500); // drawers, modals and transitions settle
  const path = join(dir, name);
  await page.screenshot({ path });
  console.log(`screenshot ${path}`);
}

try {
  for (const language of ['en', 'es', 'pl']) {
    const { context, page } = await loggedInPage(browser, language, { width: 1440, height: 900 });

    // From the settings navigation, as a person would.
    await page.locator('nav a[href="/settings"]').click();
    await page.getByTestId('settings-nav').waitFor();
    await page.getByTestId('settings-nav').locator('a[href="/settings/team"]').click();
    await page.getByTestId('member-row').first().waitFor();
    await page.getByTestId('member-row').nth(2).getByRole('button').click();
    await page.getByTestId('member-form').waitFor();
    await shoot(page, `settings-teams-${language}.png`);
    await page.keyboard.press('Escape');

    await page.getByTestId('settings-nav').locator('a[href="/settings/sla"]').click();
    await page.getByTestId('policy-row').first().waitFor();
    await page.getByTestId('policy-row').first().getByRole('button').first().click();
    await page.getByTestId('policy-form').waitFor();
    await shoot(page, `settings-sla-${language}.png`);
    await page.keyboard.press('Escape');

    await page.goto(new URL('/settings/sla/calendars', page.url()).toString());
    await page.getByTestId('calendar-row').first().waitFor();
    await page.getByTestId('calendar-row').first().getByRole('button').first().click();
    await page.getByTestId('calendar-form').waitFor();
    await shoot(page, `settings-sla-calendar-${language}.png`);
    await page.keyboard.press('Escape');

    await page.getByTestId('settings-nav').locator('a[href="/settings/canned-responses"]').click();
    await page.getByTestId('canned-row').first().waitFor();
    await shoot(page, `settings-canned-${language}.png`);

    await page.getByTestId('settings-nav').locator('a[href="/settings/tagging-rules"]').click();
    await page.getByTestId('rule-row').first().waitFor();
    await page.getByTestId('rule-row').nth(1).getByRole('button').first().click();
    await page.getByTestId('rule-form').waitFor();
    await shoot(page, `settings-tagging-${language}.png`);
    await context.close();
  }
} finally {
  await browser.close();
}
