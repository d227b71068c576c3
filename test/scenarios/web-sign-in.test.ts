import { afterEach, describe, expect, it } from 'vitest';
import { bootWebBot, SESSION, type WebBot } from './web-harness';

const T0 = '2026-01-07T10:00:00.000Z';
const LOGIN = '__Host-tocsin_login';

describe('signing in to the web pages with a one-time link', () => {
  let bot: WebBot;
  afterEach(() => bot?.stop());

  const tableCount = async (table: 'web_sessions' | 'login_tokens') => (await bot.running.ctx.db.kysely.selectFrom(table).selectAll().execute()).length;

  it('the link GET shows a Continue button and changes nothing; its POST signs in once; the session cookie is HttpOnly, Secure, SameSite=Lax', async () => {
    bot = await bootWebBot(T0);
    const link = await bot.loginLink('alice');
    expect(link).toMatch(/\/login\/[A-Za-z0-9_-]{43}$/);
    for (let i = 0; i < 2; i++) {
      const page = await bot.get(link);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Continue as <strong>Alice</strong>?');
      expect(page.body).toMatch(/<form method="post" action="\/login\/[A-Za-z0-9_-]{43}"><input type="hidden" name="_csrf" value="[A-Za-z0-9_-]+"><button type="submit">Continue<\/button><\/form>/);
      expect(page.headers.get('set-cookie')).toMatch(/^__Host-tocsin_login=[^;]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
    }
    expect(await tableCount('web_sessions')).toBe(0);
    const [usedAt] = await bot.running.ctx.db.kysely.selectFrom('login_tokens').select('used_at').execute();
    expect(usedAt).toEqual({ used_at: null });

    const page = await bot.get(link);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = `${LOGIN}=${page.cookies.get(LOGIN)}`;
    const done = await bot.post(link, { _csrf: csrf }, cookie);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/incidents');
    const set = done.headers.getSetCookie();
    expect(set.find((c) => c.startsWith(SESSION))).toMatch(/^__Host-tocsin_session=[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure$/);
    const session = `${SESSION}=${done.cookies.get(SESSION)}`;
    expect((await bot.get('/incidents', session)).status).toBe(200);

    const again = await bot.post(link, { _csrf: csrf }, cookie);
    expect(again.status).toBe(410);
    expect(again.body).toContain('already used');
    expect(await tableCount('web_sessions')).toBe(1);
  });

  it('a POST without the cookie the GET set (a form from another site, SameSite=Lax) is refused and leaves the link usable', async () => {
    bot = await bootWebBot(T0);
    const link = await bot.loginLink('alice');
    const page = await bot.get(link);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await bot.post(link, { _csrf: csrf })).status).toBe(403);
    expect((await bot.post(link, { _csrf: 'forged' }, `${LOGIN}=${page.cookies.get(LOGIN)}`)).status).toBe(403);
    expect((await bot.post(link, { _csrf: csrf }, `${LOGIN}=${csrf}.forgedmac`)).status).toBe(403);
    expect((await bot.post(link, { _csrf: csrf }, `${LOGIN}=${page.cookies.get(LOGIN)}`, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await tableCount('web_sessions')).toBe(0);
    expect((await bot.post(link, { _csrf: csrf }, `${LOGIN}=${page.cookies.get(LOGIN)}`, { origin: 'https://tocsin.example.com' })).status).toBe(303);
  });

  it('a link expires after 10 minutes; a session after 12 hours; signing out ends it for good', async () => {
    bot = await bootWebBot(T0);
    const stale = await bot.loginLink('alice');
    bot.clock.advance(10 * 60_000);
    const expired = await bot.get(stale);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('expired');
    expect((await bot.get('/login/' + 'x'.repeat(43))).status).toBe(404);

    const session = await bot.signIn('bob');
    bot.clock.advance(12 * 3_600_000 - 1);
    expect((await bot.get('/oncall', session)).status).toBe(200);
    bot.clock.advance(1);
    const late = await bot.get('/oncall', session);
    expect(late.status).toBe(303);
    expect(late.headers.get('location')).toBe('/signin?next=%2Foncall');

    const other = await bot.signIn('bob');
    const out = await bot.post('/signout', { _csrf: await bot.csrf('/me', other) }, other);
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-tocsin_session=; Path=\/; Max-Age=0/);
    expect((await bot.get('/me', other)).status).toBe(303);
  });

  it('every page but sign-in needs a session; a forged or tampered cookie is no session', async () => {
    bot = await bootWebBot(T0);
    for (const path of ['/incidents', '/incidents/INC-1', '/oncall', '/rotations/primary', '/me', '/incidents/INC-1/export.json']) {
      const page = await bot.get(path);
      expect([path, page.status, page.headers.get('location')]).toEqual([path, 303, `/signin?next=${encodeURIComponent(path)}`]);
    }
    expect((await bot.get('/')).headers.get('location')).toBe('/incidents');
    const signin = await bot.get('/signin?next=//evil.example');
    expect(signin.status).toBe(200);
    expect(signin.body).toContain('<code>/oncall web</code>');
    const session = await bot.signIn('alice');
    const [id, mac] = session.slice(SESSION.length + 1).split('.');
    for (const forged of [`${SESSION}=${id}`, `${SESSION}=${id}.${mac!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`, `tocsin_session=${id}.${mac}`]) {
      expect((await bot.get('/me', forged)).status).toBe(303);
    }
    // Signed in, /signin sends the browser on, and only to a path of this site.
    expect((await bot.get('/signin?next=//evil.example', session)).headers.get('location')).toBe('/incidents');
    expect((await bot.get('/signin?next=/oncall', session)).headers.get('location')).toBe('/oncall');
  });

  it('/oncall web sends the typist a sign-in link as a direct message, never in the answer', async () => {
    bot = await bootWebBot(T0);
    const reply = await bot.cli('chat', '/oncall web', '--as', 'carol');
    expect(reply.out).toBe('I sent you a sign-in link as a direct message: it works once, within 10 minutes.');
    const rows = await bot.running.ctx.db.kysely.selectFrom('outbox').select(['platform', 'kind', 'payload']).where('kind', '=', 'notice.person_message').execute();
    expect(rows.map((r) => [r.platform, r.kind])).toEqual([['slack', 'notice.person_message']]);
    const payload = JSON.parse(rows[0]!.payload) as { person: { id: string; slackId: string }; text: string };
    expect(payload.person).toMatchObject({ id: 'carol', slackId: 'U01CAROL' });
    const link = /https:\/\/tocsin\.example\.com\/login\/[A-Za-z0-9_-]{43}/.exec(payload.text)![0];
    const page = await bot.get(`${bot.running.url}${link.slice('https://tocsin.example.com'.length)}`);
    expect(page.body).toContain('Continue as <strong>Carol</strong>?');
  });
});
