import { describe, expect, it } from 'vitest';
import { parse, silenceUrl } from '../../../src/adapters/webhooks/alertmanager.webhook';
import type { IncomingAlert } from '../../../src/domain/alert/alert';
import { alertsOrThrow, payload } from './webhook-test-server';

const alertsOf = (body: unknown) => alertsOrThrow(parse(body));

function problemsOf(body: unknown) {
  const result = parse(body);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

const SILENCE_8081 =
  'http://alertmanager.example:9093/#/silences/new?filter=' +
  encodeURIComponent('{alertname="InstanceDown",job="node",severity="critical",group="production",instance="localhost:8081"}');

describe('Alertmanager webhook v4', () => {
  it('maps the firing sample: one alert per fingerprint in the group, still firing (zero endsAt)', () => {
    const alerts = alertsOf(payload('alertmanager-firing.json'));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toEqual({
      groupKey: '{}:{alertname="InstanceDown"}',
      fingerprint: 'f404ecabc8dd5cd7',
      action: 'trigger',
      title: 'Instance localhost:8081 down',
      severity: 'sev1',
      labels: { alertname: 'InstanceDown', group: 'production', instance: 'localhost:8081', job: 'node', severity: 'critical' },
      details: {
        annotations: { title: 'Instance localhost:8081 down', description: 'localhost:8081 of job node has been down for more than 1 minute.' },
        receiver: 'combo',
        groupLabels: { alertname: 'InstanceDown' },
        truncatedAlerts: 0,
        externalURL: 'http://alertmanager.example:9093',
      },
      links: [{ title: 'Silence', url: SILENCE_8081 }],
      startsAt: '2023-06-12T08:24:38.326Z',
    } satisfies IncomingAlert);
    expect(alerts[1]).toMatchObject({ fingerprint: 'f8f08d4e32c61a9d', action: 'trigger', title: 'Instance localhost:8082 down' });
    expect(alerts[1]?.endsAt).toBeUndefined();
  });

  it('maps the resolved sample to resolve actions with their endsAt, same group and fingerprints', () => {
    const alerts = alertsOf(payload('alertmanager-resolved.json'));
    expect(alerts.map((a) => [a.groupKey, a.fingerprint, a.action, a.endsAt])).toEqual([
      ['{}:{alertname="InstanceDown"}', 'f404ecabc8dd5cd7', 'resolve', '2023-06-12T08:41:08.326Z'],
      ['{}:{alertname="InstanceDown"}', 'f8f08d4e32c61a9d', 'resolve', '2023-06-12T08:41:08.326Z'],
    ]);
  });

  it('takes v0.32 keys it does not know, and reports truncation and the reason as details', () => {
    const [alert] = alertsOf(payload('alertmanager-firing-v0.32.json'));
    expect(alert).toMatchObject({
      groupKey: '{}/{severity="critical"}:{alertname="InstanceDown"}',
      title: 'Instance down',
      severity: 'sev1',
      details: { truncatedAlerts: 1, notificationReason: 'new alerts added', receiver: 'incident-bot' },
    });
    expect(alert?.links[0]).toEqual({ title: 'Source', url: 'http://prometheus.example:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1' });
    expect(alert?.links[1]?.title).toBe('Silence');
  });

  it('accepts keys added by later versions (routeLabels, anything new) and null maps from Go', () => {
    const body = { ...payload('alertmanager-firing.json'), routeLabels: { team: 'a' }, someFutureKey: [1, 2], commonAnnotations: null };
    expect(alertsOf(body)).toHaveLength(2);
  });

  it('lets each alert of a mixed message keep its own status', () => {
    const body = payload('alertmanager-firing.json');
    body.alerts[1].status = 'resolved';
    body.alerts[1].endsAt = '2023-06-12T08:41:08.326Z';
    expect(alertsOf(body).map((a) => a.action)).toEqual(['trigger', 'resolve']);
  });

  it('merges commonLabels under the alert labels (the alert wins)', () => {
    const body = payload('alertmanager-firing.json');
    body.commonLabels = { team: 'db', severity: 'warning' };
    const [alert] = alertsOf(body);
    expect(alert?.labels).toMatchObject({ team: 'db', severity: 'critical' });
  });

  it.each([
    ['critical', 'sev1'],
    ['page', 'sev1'],
    ['error', 'sev2'],
    ['high', 'sev2'],
    ['warning', 'sev3'],
    ['info', 'sev4'],
    ['SEV2', 'sev2'],
    ['none', undefined],
  ])('reads severity=%s as %s', (word, severity) => {
    const body = payload('alertmanager-firing.json');
    body.alerts[0].labels.severity = word;
    expect(alertsOf(body)[0]?.severity).toBe(severity);
  });

  it('titles from the summary, else the alertname with the group labels as context', () => {
    const body = payload('alertmanager-firing.json');
    body.groupLabels = { alertname: 'InstanceDown', job: 'node' };
    body.alerts[0].annotations = {};
    body.alerts[1].annotations = { summary: ' Node exporter down ' };
    expect(alertsOf(body).map((a) => a.title)).toEqual(['InstanceDown (job=node)', 'Node exporter down']);
  });

  it('links the runbook and dashboard annotations and drops links that are not http(s)', () => {
    const body = payload('alertmanager-firing.json');
    body.alerts[0].annotations = { runbook_url: 'https://runbooks.example/disk', dashboard: 'javascript:alert(1)' };
    body.alerts[0].generatorURL = 'not a url';
    expect(alertsOf(body)[0]?.links.map((l) => l.title)).toEqual(['Runbook', 'Silence']);
  });

  it('escapes quotes in the silence matcher', () => {
    const group = { ...payload('alertmanager-firing.json'), commonLabels: {}, groupLabels: {}, commonAnnotations: {}, externalURL: 'http://am/' };
    const alert = { ...group.alerts[0], labels: { q: 'a"b\\c' }, annotations: {} };
    expect(decodeURIComponent(silenceUrl(group, alert) ?? '')).toBe('http://am/#/silences/new?filter={q="a\\"b\\\\c"}');
  });

  it('takes huge label sets (the body limit is the only bound)', () => {
    const body = payload('alertmanager-firing.json');
    body.alerts[0].labels = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`label_${i}`, 'x'.repeat(200)]));
    expect(Object.keys(alertsOf(body)[0]?.labels ?? {})).toHaveLength(5000 + 3);
  });

  it('keeps a __proto__ label as a plain label', () => {
    const body = JSON.parse('{"groupKey":"g","alerts":[{"status":"firing","fingerprint":"f","labels":{"__proto__":"x","alertname":"A"},"annotations":{"__proto__":"y"}}]}');
    const [alert] = alertsOf(body);
    expect(Object.getPrototypeOf(alert?.labels)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(alert?.labels, '__proto__')?.value).toBe('x');
    expect(Object.getOwnPropertyDescriptor(alert?.details.annotations, '__proto__')?.value).toBe('y');
    expect(alert?.title).toBe('A');
  });

  it('checks a __proto__ label like any other', () => {
    const body = JSON.parse('{"groupKey":"g","alerts":[{"status":"firing","fingerprint":"f","labels":{"__proto__":1}}]}');
    expect(problemsOf(body)).toEqual([{ path: 'alerts[0].labels.__proto__', message: 'Invalid input: expected string, received number' }]);
  });

  it('names every broken field at once with its path', () => {
    const body = payload('alertmanager-firing.json');
    delete body.groupKey;
    body.alerts[0].labels.severity = 3;
    body.alerts[0].status = 'pending';
    delete body.alerts[1].fingerprint;
    expect(problemsOf(body)).toEqual([
      { path: 'groupKey', message: 'required' },
      { path: 'alerts[0].status', message: expect.stringContaining('"firing"|"resolved"') },
      { path: 'alerts[0].labels.severity', message: expect.stringContaining('expected string') },
      { path: 'alerts[1].fingerprint', message: 'required' },
    ]);
  });

  it.each([
    ['an empty alerts array', { ...payload('alertmanager-firing.json'), alerts: [] }, 'alerts'],
    ['alerts that are not an array', { ...payload('alertmanager-firing.json'), alerts: {} }, 'alerts'],
    ['labels that are not an object', { ...payload('alertmanager-firing.json'), alerts: [{ ...payload('alertmanager-firing.json').alerts[0], labels: 'x' }] }, 'alerts[0].labels'],
    ['an array body', [payload('alertmanager-firing.json')], '(body)'],
    ['a string body', 'firing', '(body)'],
  ])('refuses %s', (_name, body, path) => {
    expect(problemsOf(body).map((p) => p.path)).toContain(path);
  });
});
