import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_KINDS, type WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';
import { PROCESS_TOKENS, startIngestTocsin, type IngestTocsin } from '../support/ingest-tocsin';

// Any JSON to any webhook endpoint of a running Tocsin: the answer is 2xx or 4xx, never 5xx; a 4xx
// stores nothing; and whatever got stored is whole — every incident has an alert, starts with
// `incident.opened`, counts its alerts right, and its timeline chain verifies.

// Small pools, so that triggers, repeats, acknowledgements and resolves meet the same incidents.
const groupKey = fc.constantFrom('{}:{alertname="Down"}', '{}:{alertname="Slow"}', '{}:{}', 'k');
const fingerprint = fc.constantFrom('f1', 'f2', 'f3');
const text = fc.oneof(fc.constantFrom('Disk full', 'sev1', 'critical', 'It is <!channel> time'), fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('', '  ', '$EVENT_TITLE'));
const junk = fc.jsonValue({ maxDepth: 2 });
/** Usually the right type, sometimes anything at all. */
const mostly = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: junk });
const labels = mostly(fc.dictionary(fc.constantFrom('alertname', 'severity', 'team', 'instance'), text, { maxKeys: 4 }));
/** Records with, now and then, one key missing. */
const partial = (shape: Record<string, fc.Arbitrary<unknown>>) =>
  fc.tuple(fc.record(shape), fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...Object.keys(shape)) })).map(([record, missing]) => {
    const out: Record<string, unknown> = { ...record };
    if (missing !== null) delete out[missing];
    return out;
  });

const groupAlert = partial({
  status: mostly(fc.constantFrom('firing', 'resolved')),
  labels,
  annotations: mostly(fc.dictionary(fc.constantFrom('summary', 'runbook_url', 'description'), text, { maxKeys: 3 })),
  startsAt: mostly(fc.constantFrom('2026-01-05T08:00:00Z', '0001-01-01T00:00:00Z')),
  endsAt: mostly(fc.constantFrom('2026-01-05T09:00:00Z', '0001-01-01T00:00:00Z')),
  generatorURL: mostly(fc.constantFrom('', 'http://prometheus:9090/graph')),
  fingerprint: mostly(fingerprint),
});
const group = (extra: Record<string, fc.Arbitrary<unknown>>) =>
  partial({ version: mostly(fc.constantFrom('4', '1')), groupKey: mostly(groupKey), status: mostly(fc.constantFrom('firing', 'resolved')), commonLabels: labels, groupLabels: labels, alerts: mostly(fc.array(groupAlert, { minLength: 1, maxLength: 4 })), ...extra });

const BODIES: Readonly<Record<WebhookKind, fc.Arbitrary<unknown>>> = {
  alertmanager: group({ receiver: mostly(text), notification_reason: mostly(text) }),
  grafana: group({ title: mostly(text), state: mostly(fc.constantFrom('alerting', 'ok')), orgId: mostly(fc.nat()) }),
  datadog: partial({
    id: mostly(fc.constantFrom('1', '2')),
    title: mostly(fc.constantFrom('[Triggered] Disk full', '[Recovered] Disk full', '[P1] [Triggered] CPU')),
    date: mostly(fc.constantFrom('1759343824000', '1759343825000')),
    alert_cycle_key: mostly(groupKey),
    alert_transition: mostly(fc.constantFrom('Triggered', 'Recovered', 'Warn', 'Renotify')),
    tags: mostly(fc.constantFrom('env:prod,service:web', '')),
  }),
  pagerduty: partial({
    routing_key: fc.constantFrom(PROCESS_TOKENS.pagerduty, PROCESS_TOKENS.pagerduty, 'R0000000000000000000000000000000'),
    event_action: mostly(fc.constantFrom('trigger', 'acknowledge', 'resolve')),
    dedup_key: mostly(groupKey),
    payload: mostly(partial({ summary: mostly(text), source: mostly(text), severity: mostly(fc.constantFrom('critical', 'error', 'warning', 'info')), custom_details: junk })),
  }),
  generic: partial({
    dedup_key: mostly(groupKey),
    action: mostly(fc.constantFrom('trigger', 'acknowledge', 'resolve')),
    title: mostly(text),
    severity: mostly(fc.constantFrom('sev1', 'sev4', 'warning')),
    details: junk,
    links: mostly(fc.array(fc.constantFrom('https://x.example/a', 'https://x.example/b'), { maxLength: 2 })),
  }),
};

const anyPost = fc.constantFrom(...WEBHOOK_KINDS).chain((kind) => fc.tuple(fc.constant(kind), fc.oneof({ weight: 6, arbitrary: BODIES[kind] }, { weight: 1, arbitrary: fc.jsonValue() })));

describe('any JSON body to any webhook endpoint', () => {
  let tocsin: IngestTocsin;
  beforeAll(async () => {
    tocsin = await startIngestTocsin();
  });
  afterAll(() => tocsin.stop());

  it('is answered 2xx or 4xx, a 4xx stores nothing, and no incident is ever left partial', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyPost, async ([kind, body]) => {
        const before = await tocsin.rows();
        const answer = await tocsin.post(kind, body);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status < 300 || (answer.status >= 400 && answer.status < 500), `${kind} ${answer.status} ${answer.text}`).toBe(true);
        if (answer.status >= 400) expect(await tocsin.rows()).toEqual(before);
        expect(await tocsin.partialIncidents()).toEqual([]);
      }),
      { numRuns: 300 },
    );
    // The property means little unless both kinds of answer came up often.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(30);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(30);
    expect((await tocsin.rows()).incidents).toBeGreaterThan(3);
  });
});
