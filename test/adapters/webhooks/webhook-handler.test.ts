import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_SOURCES } from '../../../src/adapters/webhooks/webhook-sources';
import type { WebhookKind } from '../../../src/adapters/webhooks/parsed-webhook';
import { send, streamUpload } from '../../support/http-test-client';
import { PATHS, payload, postJson, startWebhookServer, TOKENS, type TestServer } from './webhook-test-server';

const LIMIT = 256 * 1024;
let server: TestServer;
const defaultIngest = () => server.ingest;
let originalIngest: TestServer['ingest'];

beforeAll(async () => {
  server = await startWebhookServer({ maxBytes: LIMIT });
  originalIngest = defaultIngest();
});
afterAll(() => server.close());
afterEach(() => {
  server.ingestCalls.length = 0;
  server.rejections.length = 0;
  server.closedSocketBytes.length = 0;
  server.ingest = originalIngest;
});

const pd = (file: string) => ({ ...payload(file), routing_key: TOKENS.pagerduty });
const genericTrigger = { dedup_key: 'disk/db-1', action: 'trigger', title: 'Disk full', severity: 'sev2', source: 'db-1' };

const SAMPLES: readonly [WebhookKind, string, unknown][] = [
  ['alertmanager', 'alertmanager-firing.json', payload('alertmanager-firing.json')],
  ['alertmanager', 'alertmanager-resolved.json', payload('alertmanager-resolved.json')],
  ['alertmanager', 'alertmanager-firing-v0.32.json', payload('alertmanager-firing-v0.32.json')],
  ['grafana', 'grafana-firing.json', payload('grafana-firing.json')],
  ['grafana', 'grafana-resolved.json', payload('grafana-resolved.json')],
  ['datadog', 'datadog-webhook-default-rendered.json', payload('datadog-webhook-default-rendered.json')],
  ['generic', 'a generic trigger', genericTrigger],
];

describe('webhook handler: accepted payloads', () => {
  it.each(SAMPLES)('%s takes %s: ingest gets the parsed alerts, then 202', async (kind, _name, body) => {
    const answer = await postJson(server.port, kind, body);
    const expected = WEBHOOK_SOURCES[kind].parse(body);
    if (!expected.ok) throw new Error('sample does not parse');
    expect(answer.status).toBe(202);
    expect(server.ingestCalls).toEqual([{ integration: expect.objectContaining({ id: `${kind}-1`, kind }), parsed: expected.value }]);
    const keys = [...new Set(expected.value.alerts.map((a) => a.groupKey))];
    expect(answer.body).toMatchObject({ status: 'accepted', alerts: expected.value.alerts.length, incidents: keys.map((k) => ({ ref: 'INC-1', dedup_key: k })) });
  });

  it.each(['pagerduty-v2-trigger.json', 'pagerduty-v2-acknowledge.json', 'pagerduty-v2-resolve.json'])(
    'PagerDuty takes %s and answers like PagerDuty',
    async (file) => {
      const body = pd(file);
      const answer = await postJson(server.port, 'pagerduty', body);
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: body.dedup_key });
      expect(server.ingestCalls[0]?.parsed.alerts[0]?.action).toBe(body.event_action);
    },
  );

  it('PagerDuty: a trigger without dedup_key gets one generated and answered back', async () => {
    const body = pd('pagerduty-v2-trigger.json');
    delete body.dedup_key;
    const answer = await postJson(server.port, 'pagerduty', body);
    expect(answer.status).toBe(202);
    expect(answer.body.dedup_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(server.ingestCalls[0]?.parsed.alerts[0]?.groupKey).toBe(answer.body.dedup_key);
  });

  it('takes huge labels under the body limit', async () => {
    const body = payload('alertmanager-firing.json');
    body.alerts[0].labels = { ...body.alerts[0].labels, ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`l${i}`, 'v'.repeat(100)])) };
    expect((await postJson(server.port, 'alertmanager', body)).status).toBe(202);
  });

  it('answers only once ingest has settled', async () => {
    let release: () => void = () => {};
    server.ingest = () => new Promise((resolve) => (release = () => resolve({ incidents: [] })));
    let answered = false;
    const pending = postJson(server.port, 'generic', genericTrigger).then((a) => ((answered = true), a));
    while (server.ingestCalls.length === 0) await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(202);
  });
});

describe('webhook handler: auth', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const am = payload('alertmanager-firing.json');
  const post = (path: string, headers: Record<string, string>) =>
    send(server.port, { path, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(am) });

  it.each([
    ['Bearer', { authorization: `Bearer ${TOKENS.alertmanager}` }, PATHS.alertmanager],
    ['Basic, any username', { authorization: basic('alertmanager', TOKENS.alertmanager) }, PATHS.alertmanager],
    ['?token=', {}, `${PATHS.alertmanager}?token=${TOKENS.alertmanager}`],
  ])('takes the token by %s', async (_how, headers, path) => {
    expect((await post(path, headers)).status).toBe(202);
  });

  it.each([
    ['no token', {}, PATHS.alertmanager],
    ['a wrong bearer token', { authorization: 'Bearer wrong' }, PATHS.alertmanager],
    ['basic auth with a wrong password', { authorization: basic('alertmanager', 'wrong') }, PATHS.alertmanager],
    ['basic auth with the token as username', { authorization: basic(TOKENS.alertmanager, '') }, PATHS.alertmanager],
    ["another integration's token", { authorization: `Bearer ${TOKENS.grafana}` }, PATHS.alertmanager],
    ['a wrong query token', {}, `${PATHS.alertmanager}?token=nope`],
  ])('refuses %s with 401 before reading the body, and stores nothing', async (_how, headers, path) => {
    const answer = await post(path, headers);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'unauthorized', message: 'missing or wrong integration token' });
    expect(answer.headers.connection).toBe('close');
    expect(server.ingestCalls).toEqual([]);
    expect(server.rejections).toEqual([{ integrationId: undefined, reason: { status: 401, error: 'unauthorized', message: expect.any(String) } }]);
  });

  it('PagerDuty: refuses a wrong routing_key with 401 in PagerDuty shape', async () => {
    const answer = await postJson(server.port, 'pagerduty', { ...pd('pagerduty-v2-trigger.json'), routing_key: 'routingkeyhere' });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ status: 'unauthorized', error: 'unauthorized', errors: ['missing or wrong integration token'] });
    expect(server.ingestCalls).toEqual([]);
  });

  it('PagerDuty: a bearer token does not replace the routing_key', async () => {
    const body = { ...pd('pagerduty-v2-trigger.json'), routing_key: undefined };
    expect((await postJson(server.port, 'pagerduty', body, { authorization: `Bearer ${TOKENS.pagerduty}` })).status).toBe(401);
  });
});

describe('webhook handler: refusals', () => {
  it('answers 400 naming each broken field, and stores nothing', async () => {
    const body = payload('alertmanager-firing.json');
    body.alerts[0].labels = { severity: 1 };
    delete body.alerts[1].status;
    const answer = await postJson(server.port, 'alertmanager', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid_payload',
      message: 'the alertmanager payload is invalid',
      problems: [
        { path: 'alerts[0].labels.severity', message: expect.stringContaining('expected string') },
        { path: 'alerts[1].status', message: 'required' },
      ],
    });
    expect(server.ingestCalls).toEqual([]);
    expect(server.rejections[0]).toEqual({ integrationId: 'alertmanager-1', reason: expect.objectContaining({ status: 400 }) });
  });

  it.each([
    ['alertmanager', { ...payload('alertmanager-firing.json'), alerts: [] }, 'alerts'],
    ['grafana', { ...payload('grafana-firing.json'), alerts: [] }, 'alerts'],
    ['alertmanager', { ...payload('alertmanager-firing.json'), groupKey: 7 }, 'groupKey'],
    ['grafana', { ...payload('grafana-firing.json'), alerts: 'none' }, 'alerts'],
    ['datadog', payload('datadog-webhook-default-template.json'), 'alert_cycle_key'],
    ['generic', { ...genericTrigger, action: 'open' }, 'action'],
    ['generic', [genericTrigger], '(body)'],
  ] as const)('%s: 400 for a broken body (%#)', async (kind, body, path) => {
    const answer = await postJson(server.port, kind, body);
    expect(answer.status).toBe(400);
    expect(answer.body.problems.map((p: { path: string }) => p.path)).toContain(path);
    expect(server.ingestCalls).toEqual([]);
  });

  it('PagerDuty: 400 lists the errors as PagerDuty does, with the problem JSON beside them', async () => {
    const body = pd('pagerduty-v2-trigger.json');
    body.payload.severity = 'bad';
    const answer = await postJson(server.port, 'pagerduty', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: [expect.stringMatching(/^payload\.severity: /)],
      error: 'invalid_payload',
      problems: [{ path: 'payload.severity', message: expect.any(String) }],
    });
  });

  it('PagerDuty: 400 Unrecognized object for a body that is not JSON', async () => {
    const answer = await send(server.port, { path: PATHS.pagerduty, headers: { 'content-type': 'application/json' }, body: '{"routing_key":' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'Unrecognized object', message: 'Event object format is unrecognized', error: 'invalid_json' });
  });

  it('400 for bytes that are not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"dedup_key":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","action":"trigger","title":"t"}')]);
    const answer = await send(server.port, { path: PATHS.generic, headers: { authorization: `Bearer ${TOKENS.generic}`, 'content-type': 'application/json' }, body: bytes });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_encoding', message: 'the body is not valid UTF-8' });
    expect(server.ingestCalls).toEqual([]);
  });

  it('400 for a body that is not JSON, 415 for a form', async () => {
    const headers = { authorization: `Bearer ${TOKENS.datadog}` };
    const notJson = await send(server.port, { path: PATHS.datadog, headers: { ...headers, 'content-type': 'application/json' }, body: '{"title": [Triggered]}' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid_json');
    const form = await send(server.port, { path: PATHS.datadog, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'title=x' });
    expect(form.status).toBe(415);
    expect(form.body.error).toBe('unsupported_media_type');
    expect(server.ingestCalls).toEqual([]);
  });

  it.each([true, false])('413 for a body over the limit (Content-Length declared: %s); the server stops reading', async (declareLength) => {
    const upload = await streamUpload(server.port, {
      path: PATHS.alertmanager,
      headers: { authorization: `Bearer ${TOKENS.alertmanager}` },
      totalBytes: 64 * 1024 * 1024,
      declareLength,
    });
    expect(upload.status).toBe(413);
    expect(upload.body).toEqual({ error: 'payload_too_large', message: `the body is larger than ${LIMIT} bytes` });
    while (server.closedSocketBytes.length === 0) await new Promise((r) => setImmediate(r));
    // The client offered 64 MiB; what the server took off the socket is the limit plus what was in flight.
    expect(server.closedSocketBytes[0]).toBeLessThan(8 * 1024 * 1024);
    expect(server.ingestCalls).toEqual([]);
  });

  it('PagerDuty looks for its routing key in the first 64 KiB only, and still refuses a body past the limit', async () => {
    const upload = await streamUpload(server.port, { path: PATHS.pagerduty, totalBytes: 16 * 1024 * 1024, declareLength: false });
    expect(upload.status).toBe(401);
    while (server.closedSocketBytes.length === 0) await new Promise((r) => setImmediate(r));
    expect(server.closedSocketBytes[0]).toBeLessThan(4 * 1024 * 1024);
    const keyed = `{"routing_key":"${TOKENS.pagerduty}","pad":"${'x'.repeat(LIMIT)}"}`;
    const answer = await send(server.port, { path: PATHS.pagerduty, headers: { 'content-type': 'application/json' }, body: keyed });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ status: 'payload_too_large', error: 'payload_too_large' });
  });

  it('405 for other methods', async () => {
    const answer = await send(server.port, { path: `${PATHS.generic}?token=${TOKENS.generic}`, method: 'GET' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST, PUT');
  });

  it('503 with Retry-After when ingest fails, so Alertmanager sends the group again', async () => {
    const failure = new Error('database is locked');
    server.ingest = () => Promise.reject(failure);
    const answer = await postJson(server.port, 'alertmanager', payload('alertmanager-firing.json'));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.body).toEqual({ error: 'unavailable', message: 'the alert could not be stored; retry later' });
    expect(server.rejections).toEqual([{ integrationId: 'alertmanager-1', reason: { status: 503, error: 'unavailable', message: expect.any(String), cause: failure } }]);
  });

  it('never puts a token in an answer or a rejection', async () => {
    const answers = await Promise.all([
      send(server.port, { path: PATHS.grafana, headers: { authorization: `Bearer ${TOKENS.alertmanager}` }, body: '{}' }),
      postJson(server.port, 'pagerduty', { ...pd('pagerduty-v2-trigger.json'), event_action: 'nope' }),
      send(server.port, { path: PATHS.pagerduty, body: `{"routing_key":"${TOKENS.pagerduty}" oops}` }),
    ]);
    const everything = JSON.stringify([answers.map((a) => a.body), server.rejections]);
    for (const token of Object.values(TOKENS)) expect(everything).not.toContain(token);
  });
});
