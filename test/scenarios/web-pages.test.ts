import { afterEach, describe, expect, it } from 'vitest';
import { bootWebBot, type WebBot } from './web-harness';

const T0 = '2026-01-07T10:00:00.000Z';
const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "**bold** [click](javascript:alert(1)) <a href='javascript:alert(2)'>x</a>"];

describe('web pages', () => {
  let bot: WebBot;
  afterEach(() => bot?.stop());

  const status = async (ref = 'INC-1') => JSON.parse((await bot.cli('incident', 'show', ref, '--json')).out).status as string;

  it('render hostile titles, labels and link titles as text, under a strict Content-Security-Policy', async () => {
    bot = await bootWebBot(T0);
    for (const [n, title] of HOSTILE.entries()) {
      expect(await bot.webhook({ dedup_key: `x${n}`, action: 'trigger', title, labels: { team: '<b onclick=alert(3)>ops</b>' }, links: [{ url: 'https://grafana.example.com/d?a=1&b="2"', title: '<i>dash</i>' }] })).toBe(202);
    }
    const session = await bot.signIn('alice');
    const pages = [await bot.get('/incidents', session), await bot.get('/incidents/INC-1', session), await bot.get('/incidents/INC-2', session), await bot.get('/incidents/INC-3', session)];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.body).not.toMatch(/<script|<img|<b onclick|<i>|javascript:alert\(2\)'>|href="javascript/i);
    }
    const [list, one, two, three] = pages.map((p) => p.body);
    expect(list).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(one).toContain('<h1>INC-1: &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(two).toContain('<h1>INC-2: &quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(three).toContain('**bold** [click](javascript:alert(1)) &lt;a href=&#39;javascript:alert(2)&#39;&gt;x&lt;/a&gt;');
    expect(one).toContain('<span class="chip">team=&lt;b onclick=alert(3)&gt;ops&lt;/b&gt;</span>');
    expect(one).toContain('<a href="https://grafana.example.com/d?a=1&amp;b=%222%22" rel="noopener noreferrer">&lt;i&gt;dash&lt;/i&gt;</a>');
    const css = await bot.get(/href="(\/static\/tocsin-[0-9a-f]{12}\.css)"/.exec(list)![1]!);
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('acts only on POST with the session\'s CSRF token; a GET, a missing, forged or borrowed token, or another Origin changes nothing', async () => {
    bot = await bootWebBot(T0);
    await bot.webhook({ dedup_key: 'db', action: 'trigger', title: 'Database down' });
    const alice = await bot.signIn('alice');
    const bob = await bot.signIn('bob');
    const token = await bot.csrf('/incidents/INC-1', alice);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await bot.csrf('/incidents/INC-1', bob)).not.toBe(token);

    expect((await bot.get('/incidents/INC-1/ack', alice)).status).toBe(405);
    for (const [fields, headers] of [[{}, {}], [{ _csrf: 'forged' }, {}], [{ _csrf: await bot.csrf('/me', bob) }, {}], [{ _csrf: token }, { origin: 'https://evil.example' }]] as const) {
      const refused = await bot.post('/incidents/INC-1/ack', fields, alice, headers);
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('did not come from this Tocsin page');
    }
    expect((await bot.post('/incidents/INC-1/ack', { _csrf: token })).status).toBe(403);
    expect(await status()).toBe('triggered');

    const done = await bot.post('/incidents/INC-1/ack', { _csrf: token }, alice, { origin: 'https://tocsin.example.com' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/incidents/INC-1');
    expect(await status()).toBe('acknowledged');
    const after = await bot.get('/incidents/INC-1', `${alice}; ${[...done.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}`);
    expect(after.body).toContain('<p class="notice" role="status">INC-1: Acknowledged by @alice by web</p>');
    expect(after.body).toContain('Acknowledged by @alice by web</div>');
    expect(after.body).toContain('✓ Chain verified: ');
  });

  it('a signed-in unknown user reads every page but cannot acknowledge: 403 with the reason, nothing changed', async () => {
    bot = await bootWebBot(T0);
    await bot.webhook({ dedup_key: 'db', action: 'trigger', title: 'Database down' });
    const ghost = await bot.signIn('U0GHOST');
    const page = await bot.get('/incidents/INC-1', ghost);
    expect(page.body).toContain('You may read this incident but not act on it: the policy file does not name you');
    expect(page.body).not.toContain('>Acknowledge</button>');
    for (const path of ['/incidents', '/oncall', '/rotations/primary', '/me']) expect((await bot.get(path, ghost)).status).toBe(200);
    const refused = await bot.post('/incidents/INC-1/ack', { _csrf: await bot.csrf('/me', ghost) }, ghost);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Not allowed: the policy file does not name you, so you may only read');
    expect(await status()).toBe('triggered');
    expect((await bot.post('/me/test-page', { _csrf: await bot.csrf('/me', ghost) }, ghost)).status).toBe(400);
  });

  it('notes, severity and resolution from the forms; bad fields are refused; exports as Markdown and JSON', async () => {
    bot = await bootWebBot(T0);
    await bot.webhook({ dedup_key: 'db', action: 'trigger', title: 'Database down' });
    const bob = await bot.signIn('bob');
    const csrf = await bot.csrf('/incidents/INC-1', bob);
    expect((await bot.post('/incidents/INC-1/note', { _csrf: csrf, text: '   ' }, bob)).status).toBe(400);
    expect((await bot.post('/incidents/INC-1/sev', { _csrf: csrf, severity: 'sev9' }, bob)).status).toBe(400);
    expect((await bot.post('/incidents/INC-1/note', { _csrf: csrf, text: 'failing over <now>' }, bob)).status).toBe(303);
    expect((await bot.post('/incidents/INC-1/sev', { _csrf: csrf, severity: 'sev1' }, bob)).status).toBe(303);
    expect((await bot.post('/incidents/INC-1/resolve', { _csrf: csrf, summary: 'failed over' }, bob)).status).toBe(303);
    expect((await bot.post('/incidents/INC-1/resolve', { _csrf: csrf }, bob)).status).toBe(409);
    expect((await bot.post('/incidents/INC-9/ack', { _csrf: csrf }, bob)).status).toBe(404);
    const md = await bot.get('/incidents/INC-1/export.md', bob);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.body).toContain('# INC-1: Database down');
    expect(md.body).toContain('failing over <now>');
    const json = JSON.parse((await bot.get('/incidents/INC-1/export.json', bob)).body) as { status: string; severity: string; timeline: { text: string }[] };
    expect([json.status, json.severity]).toEqual(['resolved', 'sev1']);
    expect(json.timeline.map((e) => e.text)).toContain('Resolved by @bob by web: failed over');
  });

  it('lists open incidents first, 50 to a page, filtered by status and service', async () => {
    bot = await bootWebBot(T0);
    for (let n = 1; n <= 55; n++) await bot.webhook({ dedup_key: `k${n}`, action: 'trigger', title: `Alert ${n}` });
    await bot.webhook({ dedup_key: 'k1', action: 'resolve', title: 'Alert 1' });
    await bot.webhook({ dedup_key: 'k2', action: 'resolve', title: 'Alert 2' });
    const alice = await bot.signIn('alice');
    const refs = (body: string) => [...body.matchAll(/<td><a href="\/incidents\/(INC-\d+)">/g)].map((m) => m[1]);
    const first = await bot.get('/incidents', alice);
    expect(refs(first.body)).toHaveLength(50);
    expect(refs(first.body).slice(0, 2)).toEqual(['INC-55', 'INC-54']);
    expect(first.body).toContain('55 incidents · page 1 of 2');
    expect(first.body).toContain('<a href="/incidents?page=2" rel="next">Older →</a>');
    expect(refs((await bot.get('/incidents?page=2', alice)).body)).toEqual(['INC-5', 'INC-4', 'INC-3', 'INC-2', 'INC-1']);
    expect(refs((await bot.get('/incidents?status=resolved', alice)).body)).toEqual(['INC-2', 'INC-1']);
    expect(refs((await bot.get('/incidents?status=open&service=payments&page=2', alice)).body)).toEqual(['INC-5', 'INC-4', 'INC-3']);
    expect(refs((await bot.get('/incidents?service=nope', alice)).body)).toEqual([]);
    expect((await bot.get('/incidents?status=<x>&page=-3', alice)).body).toContain('55 incidents · page 1 of 2');
  });
});
