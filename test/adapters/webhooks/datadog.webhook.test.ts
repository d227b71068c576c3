import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/adapters/webhooks/datadog.webhook';
import { readDatadogTitle, transitionAction } from '../../../src/adapters/webhooks/datadog-title';
import type { IncomingAlert } from '../../../src/domain/alert/alert';
import { alertsOrThrow, payload } from './webhook-test-server';

const alertOf = (body: unknown) => alertsOrThrow(parse(body))[0];

const extended = {
  ...payload('datadog-webhook-default-rendered.json'),
  alert_id: '221164084',
  alert_cycle_key: '7272436542237785412',
  alert_transition: 'Triggered',
  alert_title: 'High tracking on prod',
  alert_priority: 'P2',
  alert_type: 'error',
  aggreg_key: '9bd4ac313a4d1e8fae2482df7b77628',
  tags: 'env:prod,service:intake,canary',
  link: 'https://app.datadoghq.com/event/event?id=8306082202796025694',
  snapshot: '$SNAPSHOT',
};

describe('Datadog webhook (default and extended template)', () => {
  it('maps the rendered default template: numbers as strings, key from the monitor link, transition from the title', () => {
    expect(alertOf(payload('datadog-webhook-default-rendered.json'))).toEqual({
      groupKey: 'monitor/221164084',
      fingerprint: 'monitor/221164084',
      action: 'trigger',
      title: 'High tracking',
      labels: {},
      details: {
        message: expect.stringMatching(/^We get high datadog\.event[\s\S]*link_source=monitor_notif\)$/),
        transition: 'Triggered',
        eventType: 'query_alert_monitor',
        eventId: '8306082202796025694',
        monitorId: '221164084',
        org: 'example-org',
      },
      links: [
        {
          title: 'Monitor',
          url: 'https://app.datadoghq.com/monitors/221164084?from_ts=1759342924000&to_ts=1759344124000&event_id=8306082202796025694&link_source=monitor_notif',
        },
      ],
      startsAt: '2025-10-01T18:37:04.000Z',
    } satisfies IncomingAlert);
  });

  it('prefers $ALERT_CYCLE_KEY, then $AGGREG_KEY, and reads the extended fields', () => {
    const alert = alertOf(extended);
    expect(alert).toMatchObject({
      groupKey: '7272436542237785412',
      title: 'High tracking on prod',
      severity: 'sev2',
      labels: { env: 'prod', service: 'intake', canary: '' },
    });
    expect(alert?.links.map((l) => l.title)).toEqual(['Datadog event', 'Monitor']);
    expect(alertOf({ ...extended, alert_cycle_key: '' })?.groupKey).toBe('9bd4ac313a4d1e8fae2482df7b77628');
  });

  it.each([
    ['Recovered', 'resolve'],
    ['Triggered', 'trigger'],
    ['Re-Triggered', 'trigger'],
    ['Warn', 'trigger'],
    ['No Data', 'trigger'],
    ['Renotify', 'trigger'],
  ])('maps the %s transition to %s', (transition, action) => {
    expect(alertOf({ ...extended, alert_transition: transition })?.action).toBe(action);
  });

  it('puts a recovery time in endsAt and reads Warn as sev3 when no priority is given', () => {
    const recovered = alertOf({ ...payload('datadog-webhook-default-rendered.json'), title: '[Recovered] High tracking' });
    expect(recovered).toMatchObject({ action: 'resolve', endsAt: '2025-10-01T18:37:04.000Z', groupKey: 'monitor/221164084' });
    expect(alertOf({ ...extended, alert_priority: undefined, alert_transition: 'Warn' })?.severity).toBe('sev3');
  });

  it('keeps the groups of a multi-alert monitor apart by their scope', () => {
    const body = { ...payload('datadog-webhook-default-rendered.json'), title: '[Triggered on {host:web-1}] High tracking' };
    expect(alertOf(body)).toMatchObject({ groupKey: 'monitor/221164084 {host:web-1}', title: 'High tracking' });
  });

  it('also takes real numbers where a custom template sends them', () => {
    const body = { ...payload('datadog-webhook-default-rendered.json'), date: 1759343824000, id: 8306082202796025 };
    expect(alertOf(body)?.startsAt).toBe('2025-10-01T18:37:04.000Z');
  });

  it('refuses the unrendered template: no key and no title, each named', () => {
    const result = parse(payload('datadog-webhook-default-template.json'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(['alert_cycle_key', 'title']);
  });

  it('refuses an unknown transition, a date that is not epoch ms and wrong types', () => {
    const result = parse({ ...extended, alert_transition: 'Exploded', date: 'yesterday', org: 'acme', tags: ['a'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(['org', 'tags']);
    const second = parse({ ...extended, alert_transition: 'Exploded', date: 'yesterday' });
    if (!second.ok) expect(second.problems.map((p) => p.path)).toEqual(['alert_transition', 'date']);
    expect(second.ok).toBe(false);
  });
});

describe('Datadog titles', () => {
  it('reads priority, transition and scope prefixes', () => {
    expect(readDatadogTitle('[P1] [Re-Triggered on {host:a,env:b}] Disk full')).toEqual({
      name: 'Disk full',
      priority: 'P1',
      transition: 'Re-Triggered',
      scope: '{host:a,env:b}',
    });
    expect(readDatadogTitle('[Staging] Disk full')).toEqual({ name: '[Staging] Disk full' });
    expect(readDatadogTitle('[Recovered]')).toEqual({ name: '[Recovered]', transition: 'Recovered' });
  });

  it('knows which transitions resolve', () => {
    expect(transitionAction('Warn Recovered')).toBe('resolve');
    expect(transitionAction('re-no data')).toBe('trigger');
    expect(transitionAction('Muted')).toBeUndefined();
  });
});
