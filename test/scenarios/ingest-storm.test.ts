import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, shuffle, storm, type Webhook } from '../support/alert-storm';
import { integrationId, PROCESS_TOKENS, startIngestTocsin, type IngestTocsin } from '../support/ingest-tocsin';

// An alert storm against one Tocsin: 10,000 distinct alerts over 50 notification groups,
// Alertmanager-shaped, sent 64 at a time in a shuffled order. Exactly one incident per group, every
// alert stored once under it, and not one 5xx (the storm helper retries a 5xx: none may happen).

const GROUPS = 50;
const ALERTS = 10_000;
const PER_WEBHOOK = Number(process.env.STORM_ALERTS_PER_WEBHOOK ?? 20);
const SEED = Number(process.env.STORM_SEED ?? 20_260_105);

function stormWebhooks(): Webhook[] {
  const hooks: Webhook[] = [];
  for (let first = 0; first < ALERTS; first += PER_WEBHOOK) {
    const g = (first / PER_WEBHOOK) % GROUPS;
    const groupKey = `{}:{alertname="Storm${g}"}`;
    const alerts = Array.from({ length: PER_WEBHOOK }, (_, i) => ({
      status: 'firing',
      labels: { alertname: `Storm${g}`, instance: `host-${first + i}:9100`, job: 'node', severity: 'warning' },
      annotations: { summary: `Storm ${g} on host-${first + i}` },
      startsAt: '2026-01-05T08:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph',
      fingerprint: `storm-${first + i}`,
    }));
    hooks.push({
      path: '/webhooks/alertmanager',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PROCESS_TOKENS.alertmanager}` },
      body: JSON.stringify({ version: '4', groupKey, status: 'firing', receiver: 'tocsin', groupLabels: { alertname: `Storm${g}` }, commonLabels: { alertname: `Storm${g}` }, commonAnnotations: {}, externalURL: 'http://alertmanager.example:9093', alerts }),
      alerts: alerts.map((a) => ({ groupKey, fingerprint: a.fingerprint })),
    });
  }
  return shuffle(hooks, seededRandom(SEED));
}

describe('alert storm', () => {
  let tocsin: IngestTocsin;
  beforeAll(async () => {
    tocsin = await startIngestTocsin();
  });
  afterAll(() => tocsin.stop());

  it(`${ALERTS} alerts over ${GROUPS} groups, 64 in flight: ${GROUPS} incidents whose alert counts add up, no 5xx`, async () => {
    const started = performance.now();
    const result = await storm(() => Promise.resolve(tocsin.url), stormWebhooks(), { concurrency: 64, onAnswered: () => undefined });
    const seconds = (performance.now() - started) / 1000;
    console.log(`[storm] seed ${SEED}: ${result.answered} webhooks (${PER_WEBHOOK} alert each) in ${seconds.toFixed(1)} s, ${(ALERTS / seconds).toFixed(0)} alerts/s`);
    expect(result.retries).toBe(0);
    expect(result.refused).toEqual([]);
    expect(result.answered).toBe(ALERTS / PER_WEBHOOK);

    const k = tocsin.running.ctx.db.kysely;
    const incidents = await k.selectFrom('incidents').select(['dedup_key', 'alert_count', 'status']).execute();
    expect(incidents).toHaveLength(GROUPS);
    expect(new Set(incidents.map((i) => i.dedup_key)).size).toBe(GROUPS);
    for (const i of incidents) expect(i).toMatchObject({ alert_count: ALERTS / GROUPS, status: 'triggered' });
    expect(incidents.every((i) => i.dedup_key?.startsWith(`${integrationId('alertmanager')}/{}:{alertname="Storm`))).toBe(true);
    const stored = await k.selectFrom('alerts').select('fingerprint').execute();
    expect(stored).toHaveLength(ALERTS);
    expect(new Set(stored.map((a) => a.fingerprint)).size).toBe(ALERTS);
    for (const [groupKey, fingerprints] of result.acknowledged) expect(fingerprints.size, groupKey).toBe(ALERTS / GROUPS);
    expect(await tocsin.partialIncidents()).toEqual([]);
  });
});
