import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UNAUTHENTICATED_BODY_BYTES } from '../../../src/adapters/shared/read-body';
import { answerToPartialUpload, send } from '../../support/http-test-client';
import { PATHS, payload, startWebhookServer, TOKENS, type TestServer } from './webhook-test-server';

// PagerDuty's credential is in the body. A stranger's body is read no further than 64 KiB: a
// routing_key must appear in it, or the request is refused without the rest being read.

const MIB = 1024 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startWebhookServer({ maxBytes: 8 * MIB });
});
afterAll(() => server.close());
afterEach(() => {
  server.ingestCalls.length = 0;
});

const { routing_key: _sample, ...trigger } = payload('pagerduty-v2-trigger.json') as Record<string, unknown>;
/** An event with `routing_key` (when given) first or last, after a custom_details blob of `bytes`. */
function event(routingKey: string | undefined, bytes: number, keyFirst = true): string {
  const body = { ...trigger, payload: { ...(trigger.payload as object), custom_details: { blob: 'x'.repeat(bytes) } } };
  const key = routingKey === undefined ? {} : { routing_key: routingKey };
  return JSON.stringify(keyFirst ? { ...key, ...body } : { ...body, ...key });
}
const post = (body: string) => send(server.port, { path: PATHS.pagerduty, headers: { 'content-type': 'application/json' }, body });

describe('PagerDuty: the routing_key is checked in the first 64 KiB', () => {
  it.each([
    ['a wrong routing_key', 'routingkeyhere'],
    ['no routing_key', undefined],
  ])('a 1 MiB event with %s is refused (401) before the client has sent it', async (_what, key) => {
    const start = Buffer.from(event(key, MIB).slice(0, 80 * 1024));
    const answer = await answerToPartialUpload(server.port, { path: PATHS.pagerduty, headers: { 'Content-Type': 'application/json' }, firstBytes: start, declaredBytes: MIB });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 'unauthorized', status: 'unauthorized' });
    expect(server.ingestCalls).toEqual([]);
  });

  it('takes a large event whose routing_key is in its first 64 KiB, wherever the object puts it there', async () => {
    expect((await post(event(TOKENS.pagerduty, 2 * MIB))).status).toBe(202);
    // After a 60 KiB payload and before a 1 MiB field of its own: found by the scan, not by a parse.
    const middle = JSON.parse(event(TOKENS.pagerduty, UNAUTHENTICATED_BODY_BYTES - 4096, false)) as object;
    expect((await post(JSON.stringify({ ...middle, note: 'c'.repeat(MIB) }))).status).toBe(202);
    expect(server.ingestCalls).toHaveLength(2);
  });

  it('takes a small event (under 64 KiB) with the routing_key anywhere, as before', async () => {
    expect((await post(event(TOKENS.pagerduty, 1000, false))).status).toBe(202);
  });

  it('refuses a large event whose routing_key comes only after 64 KiB (401), and says where it must be', async () => {
    const answer = await post(event(TOKENS.pagerduty, 2 * MIB, false));
    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe('missing or wrong integration token: a body over 64 KiB must carry it within its first 64 KiB');
    expect(server.ingestCalls).toEqual([]);
  });

  it('refuses a large event whose first routing_key is right but whose last (the one JSON keeps) is not', async () => {
    const body = event(TOKENS.pagerduty, 100 * 1024).slice(0, -1) + ',"routing_key":"routingkeyhere"}';
    expect((await post(body)).status).toBe(401);
    expect(server.ingestCalls).toEqual([]);
  });
});
