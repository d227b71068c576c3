import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';
import { integrationId, PROCESS_TOKENS, startIngestTocsin, type IngestTocsin } from '../support/ingest-tocsin';

// Keys that name Object.prototype members are data like any other in labels, annotations and
// details. zod's record left `__proto__` out (assigning it would set a prototype), so it vanished
// from every source but Datadog; stored and read back, each must still be there, as an own key.

/** Written as JSON text: an object literal `{"__proto__": "x"}` would set a prototype, not a key. */
const AWKWARD = '{"__proto__":"x","constructor":"y","toString":"z"}';
const AWKWARD_DEEP = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"toString":"z"}';

const alert = (fingerprint: string, extra = '') =>
  `{"status":"firing","fingerprint":"${fingerprint}","labels":{"alertname":"Odd","__proto__":"x","constructor":"y","toString":"z"},"annotations":${AWKWARD}${extra}}`;

const BODIES: Readonly<Record<WebhookKind, string>> = {
  alertmanager: `{"version":"4","groupKey":"odd-am","status":"firing","receiver":"tocsin","groupLabels":${AWKWARD},"commonLabels":${AWKWARD},"commonAnnotations":${AWKWARD},"alerts":[${alert('am1')}]}`,
  grafana: `{"version":"1","groupKey":"odd-gf","status":"firing","state":"alerting","alerts":[${alert('gf1', `,"values":${AWKWARD_DEEP}`)}]}`,
  generic: `{"dedup_key":"odd-generic","action":"trigger","title":"Odd","labels":${AWKWARD},"details":${AWKWARD_DEEP}}`,
  pagerduty: `{"routing_key":"${PROCESS_TOKENS.pagerduty}","event_action":"trigger","dedup_key":"odd-pd","payload":{"summary":"Odd","source":"s","severity":"critical","custom_details":${AWKWARD}}}`,
  datadog: `{"alert_cycle_key":"odd-dd","alert_transition":"Triggered","alert_title":"Odd","date":"1759343824000","tags":"__proto__:x,constructor:y,toString:z"}`,
};

/** Where each source puts the awkward keys in what is stored. */
const WHERE: Readonly<Record<WebhookKind, readonly string[]>> = {
  alertmanager: ['labels', 'details.annotations', 'details.groupLabels'],
  grafana: ['labels', 'details.annotations'],
  generic: ['labels'],
  pagerduty: ['labels', 'details.customDetails'],
  datadog: ['labels'],
};
const DEEP: Readonly<Record<WebhookKind, readonly string[]>> = { alertmanager: [], grafana: ['details.values'], generic: ['details'], pagerduty: [], datadog: [] };

const at = (value: unknown, path: string): any => path.split('.').reduce<any>((node, key) => node?.[key], value);
/** The three keys as own properties, made with Object.fromEntries (which defines, never sets a prototype). */
const own = (node: any) => Object.fromEntries(['__proto__', 'constructor', 'toString'].map((k) => [k, Object.hasOwn(node, k) ? node[k] : '(missing)']));

let tocsin: IngestTocsin;
beforeAll(async () => {
  tocsin = await startIngestTocsin();
});
afterAll(() => tocsin.stop());

describe.each(Object.keys(BODIES) as WebhookKind[])('%s: __proto__, constructor and toString keys', (kind) => {
  it('are stored as data and read back as own keys; no prototype is touched', async () => {
    const answer = await tocsin.post(kind, BODIES[kind]);
    expect(answer.status, answer.text).toBe(202);
    const incident = await tocsin.running.ctx.db.kysely.selectFrom('incidents').select('id').where('integration_id', '=', integrationId(kind)).executeTakeFirstOrThrow();
    const [stored] = await tocsin.running.ctx.store.read.alerts.listFor(incident.id);
    for (const path of WHERE[kind]) {
      const node = at(stored, path);
      expect(own(node), `${kind} ${path}`).toEqual(JSON.parse(AWKWARD));
      expect(Object.getPrototypeOf(node), `${kind} ${path}`).toBe(Object.prototype);
    }
    for (const path of DEEP[kind]) {
      const node = at(stored, path);
      expect(own(node), `${kind} ${path}`).toEqual(JSON.parse(AWKWARD_DEEP));
      expect(Object.getPrototypeOf(node), `${kind} ${path}`).toBe(Object.prototype);
    }
    const timeline = await tocsin.running.ctx.store.read.timeline.list(incident.id);
    expect(own(timeline.find((e) => e.kind === 'alert.firing')!.data!.labels)).toEqual(JSON.parse(AWKWARD));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
  });
});
