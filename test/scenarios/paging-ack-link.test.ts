import { afterEach, describe, expect, it } from 'vitest';
import { bootPagingBot, PUBLIC_URL, type PagingBot } from './paging-scenario-harness';

const T0 = '2026-01-07T10:00:00.000Z';
const plus = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

describe('one-click acknowledge links, whole bot', () => {
  let bot: PagingBot;
  afterEach(() => bot?.stop());

  const status = async () => JSON.parse((await bot.cli('incident', 'show', 'INC-1', '--json')).out).status as string;
  /** The bot's own address for a link sent out under PUBLIC_URL. */
  const local = (ackUrl: string) => `${bot.running.url}${ackUrl.slice(PUBLIC_URL.length)}`;
  const get = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
  };
  /** As ntfy's action button does: a POST with no body at all. */
  const post = async (url: string) => {
    const res = await fetch(url, { method: 'POST' });
    return { status: res.status, body: await res.text() };
  };
  const pushLink = async (title = 'Database down') => {
    bot = await bootPagingBot(T0);
    expect(await bot.webhook({ dedup_key: 'db-down', action: 'trigger', title })).toBe(202);
    await bot.tick(plus(0));
    await bot.drainProviders();
    const [push] = bot.providers.sent;
    expect(push!.row.payload.ackUrl).toMatch(new RegExp(`^${PUBLIC_URL}/ack/[A-Za-z0-9_-]{43}$`));
    return local(push!.row.payload.ackUrl as string);
  };

  it('GET shows a confirmation (its text escaped) and changes nothing; POST acknowledges; a second POST says the link is used', async () => {
    const link = await pushLink('<b>Database</b> & co');
    const before = await bot.timelineTexts();
    for (let i = 0; i < 2; i++) {
      const page = await get(link);
      expect(page.status).toBe(200);
      expect(page.type).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<p>&lt;b&gt;Database&lt;/b&gt; &amp; co</p>');
      expect(page.body).toContain(`<form method="post" action="${new URL(link).pathname}"><button type="submit">Acknowledge as alice</button></form>`);
    }
    expect(await status()).toBe('triggered');
    expect(await bot.timelineTexts()).toEqual(before);

    bot.clock.set(plus(1));
    const done = await post(link);
    expect(done.status).toBe(200);
    expect(done.body).toContain('<p>INC-1 acknowledged by alice.</p>');
    expect(await status()).toBe('acknowledged');
    expect((await bot.timelineTexts()).filter((t) => t.startsWith('Acknowledged'))).toEqual(['Acknowledged by @alice by push']);
    const again = await post(link);
    expect(again.status).toBe(410);
    expect(again.body).toContain('This link was already used');
    // The acknowledgement cancelled the SMS and the call still pending.
    for (const s of [2, 4]) await bot.tick(plus(s));
    await bot.drainProviders();
    expect(bot.providers.sent.map((s) => s.channel)).toEqual(['push']);
  });

  it('an email link acknowledges "by email link"', async () => {
    bot = await bootPagingBot(T0);
    expect(await bot.webhook({ dedup_key: 'db-down', action: 'trigger', title: 'Database down' })).toBe(202);
    for (const s of [0, 2, 4, 600, 630, 660]) await bot.tick(plus(s));
    await bot.drainProviders();
    const email = bot.providers.sent.find((s) => s.channel === 'email')!;
    expect(email.row.payload.person).toMatchObject({ id: 'carol', email: 'carol@example.com' });
    expect((await post(local(email.row.payload.ackUrl as string))).body).toContain('INC-1 acknowledged by carol.');
    expect(await bot.timelineTexts()).toContain('Acknowledged by @carol by email link');
  });

  it('an expired link, a link to a resolved incident and an unknown token say so and change nothing', async () => {
    const link = await pushLink();
    expect((await get(`${bot.running.url}/ack/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await post(`${bot.running.url}/ack/nope`)).status).toBe(404);

    bot.clock.set(plus(24 * 3600 + 1));
    const expired = await post(link);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(await status()).toBe('triggered');

    bot.clock.set(plus(60));
    expect(await bot.webhook({ dedup_key: 'db-down', action: 'resolve' })).toBe(202);
    const resolved = await get(link);
    expect(resolved.status).toBe(410);
    expect(resolved.body).toContain('INC-1 is already resolved: there is nothing to acknowledge.');
    expect((await post(link)).status).toBe(410);
  });
});
