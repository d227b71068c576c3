import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCESS_TOKENS, startIngestTocsin, type IngestTocsin } from '../support/ingest-tocsin';

// GET /metrics counts what the webhook endpoints took and refused, per integration and reason, and
// how long storing took.

describe('webhook metrics', () => {
  let tocsin: IngestTocsin;
  beforeAll(async () => {
    tocsin = await startIngestTocsin();
  });
  afterAll(() => tocsin.stop());

  const scrape = async () => {
    const res = await fetch(`${tocsin.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const sample = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}()[\]|+.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

  it('counts accepted and refused webhooks and observes ingest time', async () => {
    const event = { dedup_key: 'm1', action: 'trigger', title: 'Metrics test' };
    expect((await tocsin.post('generic', event)).status).toBe(202);
    expect((await tocsin.post('generic', { ...event, dedup_key: 'm2' })).status).toBe(202);
    expect((await tocsin.post('generic', { action: 'trigger' })).status).toBe(400);
    expect((await tocsin.post('generic', event, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await tocsin.post('pagerduty', { event_action: 'trigger', routing_key: 'R-nobody' })).status).toBe(401);
    expect((await tocsin.post('alertmanager', '{"alerts": [', { authorization: `Bearer ${PROCESS_TOKENS.alertmanager}` })).status).toBe(400);

    const text = await scrape();
    expect(sample(text, 'tocsin_webhooks_accepted_total{kind="generic",integration="generic-1"}')).toBe(2);
    expect(sample(text, 'tocsin_webhooks_rejected_total{kind="generic",integration="generic-1",reason="invalid_payload"}')).toBe(1);
    expect(sample(text, 'tocsin_webhooks_rejected_total{kind="generic",integration="unknown",reason="unauthorized"}')).toBe(1);
    expect(sample(text, 'tocsin_webhooks_rejected_total{kind="pagerduty",integration="unknown",reason="unauthorized"}')).toBe(1);
    expect(sample(text, 'tocsin_webhooks_rejected_total{kind="alertmanager",integration="alertmanager-1",reason="invalid_json"}')).toBe(1);
    expect(sample(text, 'tocsin_webhook_ingest_duration_seconds_count{kind="generic"}')).toBe(2);
    expect(sample(text, 'tocsin_webhook_ingest_duration_seconds_sum{kind="generic"}')).toBeGreaterThan(0);
    expect(text).toMatch(/^tocsin_process_cpu_seconds_total /m);
    // No token, no request body, no alert text ever becomes a label.
    expect(text).not.toContain('wrong');
    expect(text).not.toContain('Metrics test');
  });
});
