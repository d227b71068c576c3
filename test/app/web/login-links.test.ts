import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectLoginLink, LOGIN_LINK_TTL_MS, newLoginLink, signInByLink } from '../../../src/app/web/login-links';
import { hashSecretToken } from '../../../src/app/web/secret-token';
import { endSession, sessionOf, SESSION_TTL_MS } from '../../../src/app/web/web-sessions';
import { dialects } from '../../support/dialects';
import { openHarness, type Harness } from '../../support/command-harness';

const BASE = 'https://tocsin.example.com/';

describe.each(dialects)('one-time sign-in links on $name', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(dialect);
  });
  afterEach(async () => h.cleanup());

  const link = () => h.store.transaction((tx) => newLoginLink(tx, BASE, 'bob', h.clock.now()));
  const tokenOf = (url: string) => url.slice(`${BASE}login/`.length);

  it('is a random 43-character token under PUBLIC_URL, stored only as its SHA-256', async () => {
    const url = await link();
    expect(url).toMatch(/^https:\/\/tocsin\.example\.com\/login\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(url);
    const rows = await h.db.kysely.selectFrom('login_tokens').selectAll().execute();
    expect(rows).toEqual([{ token_hash: hashSecretToken(token), person_id: 'bob', created_at: h.clock.now().toISOString(), expires_at: new Date(h.clock.now().getTime() + LOGIN_LINK_TTL_MS).toISOString(), used_at: null }]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(tokenOf(await link())).not.toBe(token);
  });

  it('looking at it changes nothing; using it starts a 12-hour session once; a second use is refused', async () => {
    const token = tokenOf(await link());
    for (let i = 0; i < 3; i++) expect(await inspectLoginLink(h, token)).toEqual({ ok: true, personId: 'bob' });
    expect(await h.db.kysely.selectFrom('web_sessions').selectAll().execute()).toEqual([]);

    const first = await signInByLink(h, token);
    if (!first.ok) throw new Error(first.text);
    expect(first.session).toMatchObject({ personId: 'bob', expiresAt: new Date(h.clock.now().getTime() + SESSION_TTL_MS).toISOString() });
    const sessions = await h.db.kysely.selectFrom('web_sessions').selectAll().execute();
    expect(sessions.map((s) => s.id_hash)).toEqual([hashSecretToken(first.session.id)]);

    expect(await signInByLink(h, token)).toMatchObject({ ok: false, status: 410, text: expect.stringMatching(/already used/) });
    expect(await inspectLoginLink(h, token)).toMatchObject({ ok: false, status: 410 });
    expect(await h.db.kysely.selectFrom('web_sessions').selectAll().execute()).toHaveLength(1);
  });

  it('expires after 10 minutes, and an unknown token is not found', async () => {
    const token = tokenOf(await link());
    h.clock.advance(LOGIN_LINK_TTL_MS - 1);
    expect(await inspectLoginLink(h, token)).toMatchObject({ ok: true });
    h.clock.advance(1);
    expect(await inspectLoginLink(h, token)).toMatchObject({ ok: false, status: 410, text: expect.stringMatching(/expired/) });
    expect(await signInByLink(h, token)).toMatchObject({ ok: false, status: 410 });
    expect(await signInByLink(h, 'x'.repeat(43))).toMatchObject({ ok: false, status: 404 });
  });

  it('a session ends after 12 hours, or at sign-out', async () => {
    const first = await signInByLink(h, tokenOf(await link()));
    const second = await signInByLink(h, tokenOf(await link()));
    if (!first.ok || !second.ok) throw new Error('not signed in');
    expect(await sessionOf(h.store, first.session.id, h.clock.now())).toMatchObject({ personId: 'bob', via: 'link' });
    await endSession(h.store, first.session.id);
    expect(await sessionOf(h.store, first.session.id, h.clock.now())).toBeUndefined();
    h.clock.advance(SESSION_TTL_MS - 1);
    expect(await sessionOf(h.store, second.session.id, h.clock.now())).toBeDefined();
    h.clock.advance(1);
    expect(await sessionOf(h.store, second.session.id, h.clock.now())).toBeUndefined();
    expect(await sessionOf(h.store, 'not-a-session', h.clock.now())).toBeUndefined();
  });
});
