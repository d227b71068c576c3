import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { newLoginLink } from '../../src/app/web/login-links';
import { bootBot, type Bot } from '../support/escalation-harness';

/** Debian's chromium (`.ci/run` installs it); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[tocsin tests] no Chromium at ${CHROMIUM} (set CHROMIUM_PATH): the browser tests are SKIPPED (CI installs chromium).`);

/** Screenshots of every page, for a reviewer to look at (not committed). */
export const SHOTS = join(process.cwd(), 'test-results', 'web');

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/**
 * The whole bot as a browser sees it: on its own address (no PUBLIC_URL, so cookies are not
 * Secure over this plain-http loopback listener), its clock stepped by the test.
 */
export async function bootBrowserBot(startAt: string, policy: string): Promise<Bot & { loginLink(person: string): Promise<string> }> {
  const bot = await bootBot(startAt, { policy, env: { PUBLIC_URL: '' } });
  return Object.assign(bot, {
    loginLink: (person: string) => bot.running.ctx.store.transaction((tx) => newLoginLink(tx, bot.running.url, person, bot.clock.now())),
  });
}
