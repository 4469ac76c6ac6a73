#!/usr/bin/env node
// Screenshots of Settings › Channels against a running backend (the embedded default with its
// demo data), in English, Spanish and Polish:
//   settings-<lang>.png           the channel accounts, with the Telegram account's drawer open
//   settings-email-<lang>.png     the email account's drawer (inbound format: raw / Mailgun / SendGrid)
//   settings-x-<lang>.png         the X account's drawer (OAuth 2.0 token or OAuth 1.0a keys)
//   settings-webhooks-<lang>.png  the webhook log
//   settings-webhook-detail-<lang>.png  one webhook request opened (en only)
//
//   DIALOGO_URL=http://127.0.0.1:8000 DIALOGO_EMAIL=… DIALOGO_PASSWORD=… \
//   node e2e/settings-screenshots.mjs [dir=../docs/screenshots]
//
// The webhook log needs rows: post a webhook or two first (see the README).
import { join } from 'node:path';

import { launchChromium, loggedInPage, screenshotDir } from './screenshot-session.mjs';

const dir = screenshotDir();

const browser = await launchChromium();

async function shoot(page, name) {
  await page.waitForTimeout(400); // drawers and tooltips settle
  const path = join(dir, name);
  await page.screenshot({ path });
  console.log(`screenshot ${path}`);
}

try {
  for (const language of ['en', 'es', 'pl']) {
    const { context, page } = await loggedInPage(browser, language, { width: 1440, height: 900 });

    // From the navigation, as a person would.
    await page.locator('nav a[href="/settings"]').click();
    await page.waitForURL((url) => url.pathname === '/settings/channels');
    await page.getByTestId('channel-account-row').first().waitFor();
    const telegram = page.getByTestId('channel-account-row').filter({ hasText: 'Telegram' }).first();
    await ((await telegram.count()) ? telegram : page.getByTestId('channel-account-row').first()).click();
    await page.getByTestId('channel-account-drawer').waitFor();
    await shoot(page, `settings-${language}.png`);

    for (const [kind, label, section] of [['email', /e-?mail/i, 'inbound-format'], ['x', /^X\b|\bX\b/, 'x-auth']]) {
      const row = page.getByTestId('channel-account-row').filter({ hasText: label }).first();
      if (await row.count()) {
        await page.keyboard.press('Escape');
        await row.click();
        const drawer = page.getByTestId('channel-account-drawer');
        await drawer.waitFor();
        // Down to the credentials: where the inbound format / the OAuth choice is made.
        await drawer.getByTestId(section).first().scrollIntoViewIfNeeded();
        await shoot(page, `settings-${kind}-${language}.png`);
      }
    }

    await page.keyboard.press('Escape');
    await page.getByTestId('webhook-log-tab').click();
    await page.waitForURL((url) => url.pathname === '/settings/channels/webhook-log');
    await page.getByTestId('webhook-log').or(page.getByText(/webhook/i).first()).first().waitFor();
    await shoot(page, `settings-webhooks-${language}.png`);

    if (language === 'en') {
      const row = page.getByTestId('inbound-event-row').filter({ has: page.locator('[data-status="processed"]') }).first();
      if (await row.count()) {
        await row.click();
        await page.getByTestId('inbound-event-drawer').waitFor();
        await shoot(page, `settings-webhook-detail-${language}.png`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
