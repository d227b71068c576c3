import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeClock } from '../fakes/fake-clock';
import { answerToPartialUpload, send } from '../support/http-test-client';
import { TeamsHarness } from '../support/teams-harness';
import { PROCESS_TOKENS, startIngestTocsin, WEBHOOK_PATHS, type IngestTocsin } from '../support/ingest-tocsin';

// AUTH_FAILURE_LIMIT: after 10 failed authentications in a minute, one client address is answered
// 429 + Retry-After on every token-checked endpoint, before its credential or body is looked at;
// other addresses are not affected, and the minute passing lets it in again.

const STRANGER = '127.0.0.1';
const NEIGHBOUR = '127.0.0.2';
const json = { 'content-type': 'application/json' };
const generic = { dedup_key: 'disk/db-1', action: 'trigger', title: 'Disk full', severity: 'sev2', source: 'db-1' };

let tocsin: IngestTocsin;
let port = 0;
beforeAll(async () => {
  tocsin = await startIngestTocsin({ env: { AUTH_FAILURE_LIMIT: '10' } });
  port = Number(new URL(tocsin.url).port);
});
afterAll(() => tocsin.stop());

const post = (path: string, from: string, body: unknown, headers: Record<string, string> = {}) => send(port, { path, from, headers: { ...json, ...headers }, body: JSON.stringify(body) });
const rightGeneric = (from: string) => post(WEBHOOK_PATHS.generic, from, generic, { authorization: `Bearer ${PROCESS_TOKENS.generic}` });

describe('failed authentications from one address', () => {
  it('are answered as usual up to the limit, counted across endpoints', async () => {
    const answers = [
      ...(await Promise.all([1, 2, 3].map(() => post(WEBHOOK_PATHS.generic, STRANGER, generic, { authorization: 'Bearer guess' })))),
      await post(WEBHOOK_PATHS.alertmanager, STRANGER, {}),
      await post(`${WEBHOOK_PATHS.grafana}?token=guess`, STRANGER, {}),
      await post(WEBHOOK_PATHS.pagerduty, STRANGER, { routing_key: 'R0000000000000000000000000000000', event_action: 'trigger' }),
      await post(WEBHOOK_PATHS.pagerduty, STRANGER, { event_action: 'trigger' }),
      await send(port, { path: '/calendar/primary.ics?token=guess', method: 'GET', from: STRANGER }),
      await send(port, { path: '/calendar/primary.ics', method: 'GET', from: STRANGER }),
      await post(WEBHOOK_PATHS.datadog, STRANGER, {}, { authorization: 'Basic Z3Vlc3M6Z3Vlc3M=' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 404, 401, 401]);
  });

  it('then get 429 with Retry-After, even with the right token, before the body is read', async () => {
    const refused = await rightGeneric(STRANGER);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: 'rate_limited', message: 'too many failed authentications from this address; retry in 60 s' });
    expect(refused.headers['retry-after']).toBe('60');
    const big = await answerToPartialUpload(port, { path: WEBHOOK_PATHS.pagerduty, headers: { 'Content-Type': 'application/json' }, firstBytes: Buffer.from('{"routing_key":"'), declaredBytes: 1024 * 1024 });
    expect(big.status).toBe(429);
    expect((await send(port, { path: '/calendar/primary.ics?token=x', method: 'GET', from: STRANGER })).status).toBe(429);
    expect((await tocsin.rows()).incidents).toBe(0);
  });

  it('do not touch another address: its right token is taken, its wrong ones counted on their own', async () => {
    expect((await rightGeneric(NEIGHBOUR)).status).toBe(202);
    expect((await post(WEBHOOK_PATHS.generic, NEIGHBOUR, generic, { authorization: 'Bearer guess' })).status).toBe(401);
    expect((await rightGeneric(NEIGHBOUR)).status).toBe(202);
  });

  it('counts down in Retry-After, and are forgotten once the minute is over', async () => {
    const clock = tocsin.clock as FakeClock;
    clock.advance(45_000);
    expect((await rightGeneric(STRANGER)).headers['retry-after']).toBe('15');
    clock.advance(15_000);
    expect((await rightGeneric(STRANGER)).status).toBe(202);
    expect((await post(WEBHOOK_PATHS.generic, STRANGER, generic, { authorization: 'Bearer guess' })).status).toBe(401);
  });
});

describe('failed Bot Framework tokens at /api/messages', () => {
  const h = new TeamsHarness({ appId: '5e1f4a2b-0c3d-4e5f-8a9b-00000000a002', env: { AUTH_FAILURE_LIMIT: '3' } });
  beforeAll(async () => {
    await h.start();
  });
  afterAll(() => h.stop());

  it('count too: after the limit even a valid token from that address gets 429, and the log says so once', async () => {
    const install = h.installActivity();
    const refusals = await Promise.all([1, 2, 3].map(() => h.post(install, 'Bearer not-a-jwt')));
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401]);
    expect((await h.post(install)).status).toBe(429);
    expect((await h.post(install)).status).toBe(429);
    expect(h.logs.filter((l) => /failed authentications from one client/.test(l.msg))).toEqual([expect.objectContaining({ level: 40, client: '127.0.0.1', limit: 3 })]);
    expect(await h.chatRefs()).toEqual([]);
  });
});
