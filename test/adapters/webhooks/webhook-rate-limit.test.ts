import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookKind } from '../../../src/adapters/webhooks/parsed-webhook';
import { payload, postJson, startWebhookServer, TOKENS, type TestServer } from './webhook-test-server';

// Over its rate, an integration whose sender resends after a 5xx gets 503 + Retry-After (never 429:
// Alertmanager drops a 4xx); a sender that does not resend (Grafana, generic scripts) is taken anyway.

const BODIES: Readonly<Record<WebhookKind, unknown>> = {
  alertmanager: payload('alertmanager-firing.json'),
  grafana: payload('grafana-firing.json'),
  datadog: payload('datadog-webhook-default-rendered.json'),
  pagerduty: { ...payload('pagerduty-v2-trigger.json'), routing_key: TOKENS.pagerduty },
  generic: { dedup_key: 'k', action: 'trigger', title: 't', severity: 'sev2', source: 's' },
};

let overLimit = false;
let asked: { id: string; refusable: boolean }[] = [];
let server: TestServer;

beforeAll(async () => {
  server = await startWebhookServer({
    admit: (integration, refusable) => {
      asked.push({ id: integration.id, refusable });
      return overLimit ? 7 : undefined;
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  asked = [];
  server.ingestCalls.length = 0;
});

describe('webhook rate limit', () => {
  it.each(['alertmanager', 'datadog', 'pagerduty'] as const)('%s over its rate: 503 + Retry-After, nothing stored', async (kind) => {
    overLimit = true;
    const answer = await postJson(server.port, kind, BODIES[kind]);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.body).toMatchObject({ error: 'rate_limited' });
    expect(server.ingestCalls).toHaveLength(0);
    expect(asked).toEqual([{ id: `${kind}-1`, refusable: true }]);
  });

  it.each(['grafana', 'generic'] as const)('%s over its rate: taken anyway, the limiter only told', async (kind) => {
    overLimit = true;
    const answer = await postJson(server.port, kind, BODIES[kind]);
    expect(answer.status).toBe(202);
    expect(server.ingestCalls).toHaveLength(1);
    expect(asked).toEqual([{ id: `${kind}-1`, refusable: false }]);
  });

  it('asks only once an integration is known: a wrong token is a 401 and costs no token', async () => {
    overLimit = true;
    const answer = await postJson(server.port, 'alertmanager', BODIES.alertmanager, { authorization: 'Bearer wrong' });
    expect(answer.status).toBe(401);
    expect(asked).toEqual([]);
  });

  it('under its rate: taken', async () => {
    overLimit = false;
    expect((await postJson(server.port, 'alertmanager', BODIES.alertmanager)).status).toBe(202);
    expect(server.ingestCalls).toHaveLength(1);
  });
});
