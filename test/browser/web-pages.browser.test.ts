import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { POLICY } from '../support/engine-harness';
import { escalationPolicy } from '../support/policies';
import { bootBrowserBot, hasChromium, launch, shot } from './browser-harness';

type BrowserBot = Awaited<ReturnType<typeof bootBrowserBot>>;

// Europe/Berlin springs forward on Sun 2026-03-29: a daily 09:00 handoff is at 08:00 UTC before, 07:00 UTC after.
const DST_POLICY = escalationPolicy()
  .edit((p) => p.rotations.unshift({ id: 'follow-the-sun', name: 'Follow the sun', timezone: 'Europe/Berlin', period: 'daily', handoff: { time: '09:00' }, start: '2026-03-23', members: ['carol', 'dave'] }))
  .yaml();

describe.skipIf(!hasChromium)('the web pages in Chromium', () => {
  let browser: Browser;
  let bot: BrowserBot | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('signs in through a one-time link, lists incidents, opens one, acknowledges it and sees the timeline entry', async () => {
    bot = await bootBrowserBot('2026-01-07T10:00:00.000Z', POLICY);
    await bot.webhook({ dedup_key: 'db', action: 'trigger', title: 'Database primary down <script>alert(1)</script>', severity: 'critical', links: [{ url: 'https://grafana.example.com/d/db', title: 'DB dashboard' }] });
    await bot.webhook({ dedup_key: 'disk', action: 'trigger', title: 'Disk 91% on "web-3"' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => void d.dismiss().then(() => dialogs.push(d.message())));

    await page.goto(await bot.loginLink('alice'));
    await expect(page.getByRole('heading', { name: 'Sign in to Tocsin' }).isVisible()).resolves.toBe(true);
    await shot(page, '01-sign-in-link');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/incidents');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Incidents');
    expect(await page.locator('tbody tr').count()).toBe(2);
    await shot(page, '02-incidents');

    await page.getByRole('link', { name: 'INC-1' }).click();
    await page.waitForURL('**/incidents/INC-1');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('INC-1: Database primary down <script>alert(1)</script>');
    expect(await page.locator('.verified').textContent()).toMatch(/^✓ Chain verified: \d+ entries/);
    await shot(page, '03-incident');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForURL('**/incidents/INC-1');
    expect(await page.getByRole('status').textContent()).toBe('INC-1: Acknowledged by @alice by web');
    expect(await page.locator('ol.timeline li').last().textContent()).toContain('Acknowledged by @alice by web');
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await page.locator('.chip.st-acknowledged').first().textContent()).toBe('acknowledged');
    await shot(page, '04-incident-acknowledged');

    await page.getByLabel('Note').fill('Failing over to the replica');
    await page.getByRole('button', { name: 'Add note' }).click();
    expect(await page.locator('ol.timeline li').last().textContent()).toContain('Failing over to the replica');

    await page.getByRole('link', { name: 'On call' }).click();
    expect(await page.getByRole('row', { name: /Platform primary/ }).textContent()).toMatch(/^Platform primaryAlice.*Bob/);
    await shot(page, '05-oncall');
    await page.getByRole('link', { name: 'Platform primary' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Platform primary');
    await shot(page, '06-rotation');
    await page.getByRole('link', { name: 'Me', exact: true }).click();
    await page.getByRole('button', { name: 'Send me a test page' }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/^Chat message: test queued/);
    await shot(page, '07-me');

    // Readable on a phone: no sideways scrolling of the page itself.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(page.url().replace(/\/me$/, '/incidents/INC-1'));
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot(page, '08-incident-phone');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    await page.goto(page.url().replace(/\/signin$/, '/incidents'));
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("shows a rotation's handoffs across a DST change at the right local times", async () => {
    bot = await bootBrowserBot('2026-03-25T12:00:00.000Z', DST_POLICY);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(await bot.loginLink('alice'));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/incidents');
    await page.goto(page.url().replace(/\/incidents$/, '/rotations/follow-the-sun'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Follow the sun');
    const handoffs = async (day: string) =>
      page.locator('.day', { has: page.getByRole('heading', { name: day }) }).locator('.handoff time').evaluateAll((ts) => ts.map((t) => [t.textContent, t.getAttribute('title')]));
    expect(await handoffs('Sat 28 Mar')).toEqual([['09:00', '2026-03-28 08:00 UTC']]);
    expect(await handoffs('Sun 29 Mar')).toEqual([['09:00', '2026-03-29 07:00 UTC']]);
    expect(await handoffs('Mon 30 Mar')).toEqual([['09:00', '2026-03-30 07:00 UTC']]);
    const sunday = await page.locator('.day', { has: page.getByRole('heading', { name: 'Sun 29 Mar' }) }).textContent();
    expect(sunday).toMatch(/Dave until 09:00.*09:00 Carol/);
    expect(sunday).toContain('Clocks change at 03:00: CET → CEST');
    await shot(page, '09-rotation-across-dst');
    await page.close();
  });
});
