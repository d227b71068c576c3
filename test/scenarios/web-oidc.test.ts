import { afterEach, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../support/oidc-test-provider';
import { bootWebBot, PUBLIC_URL, SESSION, type WebBot } from './web-harness';

const T0 = '2026-01-07T10:00:00.000Z';
const CLIENT = { id: 'tocsin', secret: 'tocsin-client-secret', redirectUri: `${PUBLIC_URL}/auth/oidc/callback` };
const ACCOUNTS = {
  'u-alice': { email: 'Alice@Example.com', email_verified: true, name: 'Alice' },
  'u-bob-slack': { email: 'bob.personal@example.net', email_verified: true, 'https://slack.com/user_id': 'U01BOB' },
  'u-unverified': { email: 'carol@example.com', email_verified: false },
  'u-stranger': { email: 'stranger@example.org', email_verified: true },
};

/** A browser's trip through the provider: follows its redirects (keeping its cookies) until it is sent back to Tocsin's callback. */
async function throughProvider(start: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hops = 0; hops < 10 && !url.startsWith(PUBLIC_URL); hops++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${url}: ${res.status} ${await res.text()}`);
    url = new URL(location, url).href;
  }
  return url;
}

describe('signing in with OpenID Connect against a real provider on loopback', () => {
  let provider: TestProvider;
  let bot: WebBot;
  afterEach(async () => {
    await bot?.stop();
    await provider?.close();
  });

  const boot = async () => {
    provider = await startTestProvider(CLIENT, ACCOUNTS);
    bot = await bootWebBot(T0, { env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT.id, OIDC_CLIENT_SECRET: CLIENT.secret } });
  };
  const local = (url: string) => `${bot.running.url}${url.slice(PUBLIC_URL.length)}`;
  /** Starts at Tocsin, signs in at the provider as `account`; Tocsin's answer to the callback, and what was needed to get it. */
  const sso = async (account: string, next = '/oncall') => {
    provider.signInAs(account);
    const start = await bot.get(`/auth/oidc?next=${encodeURIComponent(next)}`);
    expect(start.status).toBe(303);
    const flow = `${[...start.cookies][0]![0]}=${[...start.cookies][0]![1]}`;
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect([to.searchParams.get('response_type'), to.searchParams.get('redirect_uri'), to.searchParams.get('code_challenge_method')]).toEqual(['code', CLIENT.redirectUri, 'S256']);
    expect(to.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const callback = await throughProvider(to.href);
    return { callback, flow, done: await bot.get(local(callback), flow) };
  };
  const sessionOf = (done: { cookies: ReadonlyMap<string, string> }) => `${SESSION}=${done.cookies.get(SESSION)}`;

  it('finds the person by a verified email and sends the browser on to where it was going', async () => {
    await boot();
    expect((await bot.get('/signin')).body).toContain('<a href="/auth/oidc?next=%2Fincidents">Sign in with your company account</a>');
    const { done } = await sso('u-alice');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/oncall');
    const me = await bot.get('/me', sessionOf(done));
    expect(me.body).toContain('<h1>Alice</h1>');
  });

  it('finds the person by the Slack user id claim before any email', async () => {
    await boot();
    const { done } = await sso('u-bob-slack');
    expect((await bot.get('/me', sessionOf(done))).body).toContain('<h1>Bob</h1>');
  });

  it('an unverified email names nobody; someone the policy does not name reads only', async () => {
    await boot();
    await bot.webhook({ dedup_key: 'db', action: 'trigger', title: 'Database down' });
    const carol = await sso('u-unverified');
    expect((await bot.get('/me', sessionOf(carol.done))).body).toContain('<h1>oidc:u-unverified</h1>');
    const stranger = await sso('u-stranger');
    const session = sessionOf(stranger.done);
    expect((await bot.get('/incidents/INC-1', session)).body).toContain('You may read this incident but not act on it');
    expect((await bot.post('/incidents/INC-1/ack', { _csrf: await bot.csrf('/me', session) }, session)).status).toBe(403);
  });

  it('says so when the provider cannot be reached, instead of a 500', async () => {
    provider = await startTestProvider(CLIENT, ACCOUNTS);
    const issuer = provider.issuer;
    await provider.close();
    bot = await bootWebBot(T0, { env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT.id, OIDC_CLIENT_SECRET: CLIENT.secret } });
    const down = await bot.get('/auth/oidc');
    expect(down.status).toBe(502);
    expect(down.body).toContain('cannot be reached right now');
  });

  it('refuses a callback without its flow cookie, with another flow\'s cookie, with a changed state, or replayed', async () => {
    await boot();
    const first = await sso('u-alice');
    expect((await bot.get(local(first.callback), first.flow)).status).toBe(400);
    const sessions = async () => (await bot.running.ctx.db.kysely.selectFrom('web_sessions').selectAll().execute()).length;
    expect(await sessions()).toBe(1);

    provider.signInAs('u-alice');
    const start = await bot.get('/auth/oidc');
    const flow = `${[...start.cookies][0]![0]}=${[...start.cookies][0]![1]}`;
    const callback = await throughProvider(start.headers.get('location')!);
    const other = await bot.get('/auth/oidc');
    const otherFlow = `${[...other.cookies][0]![0]}=${[...other.cookies][0]![1]}`;
    expect((await bot.get(local(callback))).status).toBe(400);
    expect((await bot.get(local(callback), otherFlow)).status).toBe(400);
    const tampered = new URL(local(callback));
    tampered.searchParams.set('state', 'x'.repeat(43));
    expect((await bot.get(tampered.href, flow)).status).toBe(400);
    expect((await bot.get(local(callback).replace(/code=[^&]+/, 'code=forged'), flow)).status).toBe(400);
    expect(await sessions()).toBe(1);
    const errorBack = new URL(`${bot.running.url}/auth/oidc/callback`);
    errorBack.search = new URLSearchParams({ error: 'access_denied', state: new URL(callback).searchParams.get('state')! }).toString();
    expect((await bot.get(errorBack.href, flow)).status).toBe(400);
  });
});
