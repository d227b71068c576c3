import { describe, expect, it } from 'vitest';
import { parse, routingKeyOf } from '../../../src/adapters/webhooks/pagerduty.webhook';
import type { IncomingAlert } from '../../../src/domain/alert/alert';
import { payload } from './webhook-test-server';

const fixedKey = { newDedupKey: () => 'generated-key' };

function paths(body: unknown): string[] {
  const result = parse(body, fixedKey);
  return result.ok ? [] : result.problems.map((p) => p.path);
}

describe('PagerDuty Events API v2', () => {
  it('maps the trigger sample: summary, severity, source fields as labels, links and images', () => {
    const result = parse(payload('pagerduty-v2-trigger.json'), fixedKey);
    expect(result).toEqual({
      ok: true,
      value: {
        dedupKey: 'srv01/mysql',
        alerts: [
          {
            groupKey: 'srv01/mysql',
            fingerprint: 'srv01/mysql',
            action: 'trigger',
            title: 'DISK at 99% on machine prod-datapipe03.example.com',
            severity: 'sev1',
            labels: {
              source: 'prod-datapipe03.example.com',
              component: 'mysql',
              group: 'prod-datapipe',
              class: 'disk',
              'free space': '1%',
              'ping time': '1500ms',
              'load avg': '0.75',
            },
            details: {
              customDetails: { 'free space': '1%', 'ping time': '1500ms', 'load avg': 0.75 },
              client: 'Sample Monitoring Service',
              images: payload('pagerduty-v2-trigger.json').images,
            },
            links: [
              { title: 'An example link.', url: 'http://pagerduty.example.com' },
              { title: 'Sample Monitoring Service', url: 'https://monitoring.service.com' },
              { title: 'An example link with an image', url: 'https://google.com' },
            ],
            startsAt: '2015-07-17T08:42:58.315+0000',
          } satisfies IncomingAlert,
        ],
      },
    });
  });

  it.each([
    ['pagerduty-v2-acknowledge.json', 'acknowledge'],
    ['pagerduty-v2-resolve.json', 'resolve'],
  ])('maps %s to %s on its dedup_key', (file, action) => {
    const result = parse(payload(file), fixedKey);
    expect(result.ok && result.value).toEqual({
      dedupKey: 'dedupkeyhere',
      alerts: [{ groupKey: 'dedupkeyhere', fingerprint: 'dedupkeyhere', action, title: 'dedupkeyhere', labels: {}, details: {}, links: [] }],
    });
  });

  it('makes a dedup_key for a trigger without one, as PagerDuty does', () => {
    const body = payload('pagerduty-v2-trigger.json');
    delete body.dedup_key;
    const result = parse(body, fixedKey);
    expect(result.ok && result.value.dedupKey).toBe('generated-key');
    expect(result.ok && result.value.alerts[0]?.groupKey).toBe('generated-key');
    const random = parse(body);
    expect(random.ok && random.value.dedupKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['warning', 'sev3'],
    ['error', 'sev2'],
    ['info', 'sev4'],
  ])('maps severity %s to %s', (severity, sev) => {
    const body = payload('pagerduty-v2-trigger.json');
    body.payload.severity = severity;
    const result = parse(body, fixedKey);
    expect(result.ok && result.value.alerts[0]?.severity).toBe(sev);
  });

  it('requires dedup_key for acknowledge and resolve, and a payload for trigger', () => {
    const ack = payload('pagerduty-v2-acknowledge.json');
    delete ack.dedup_key;
    expect(paths(ack)).toEqual(['dedup_key']);
    const trigger = payload('pagerduty-v2-trigger.json');
    delete trigger.payload;
    expect(paths(trigger)).toEqual(['payload']);
  });

  it('names every invalid field of the event', () => {
    const body = payload('pagerduty-v2-trigger.json');
    body.event_action = 'explode';
    body.payload.severity = 'catastrophic';
    delete body.payload.summary;
    body.payload.source = 42;
    body.dedup_key = 'k'.repeat(256);
    body.links = [{ text: 'no href' }];
    expect(paths(body)).toEqual(['event_action', 'dedup_key', 'payload.summary', 'payload.source', 'payload.severity', 'links[0].href']);
  });

  it('limits the summary to 1024 characters', () => {
    const body = payload('pagerduty-v2-trigger.json');
    body.payload.summary = 's'.repeat(1025);
    expect(paths(body)).toEqual(['payload.summary']);
  });

  it('reads the routing key before anything else is checked', () => {
    expect(routingKeyOf({ routing_key: 'abc' })).toBe('abc');
    expect(routingKeyOf({ routing_key: 1 })).toBeUndefined();
    expect(routingKeyOf(['routing_key'])).toBeUndefined();
    expect(routingKeyOf(null)).toBeUndefined();
  });
});
