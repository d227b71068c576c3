import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/adapters/webhooks/grafana.webhook';
import type { IncomingAlert } from '../../../src/domain/alert/alert';
import { alertsOrThrow, payload } from './webhook-test-server';

const alertsOf = (body: unknown) => alertsOrThrow(parse(body));

describe('Grafana webhook contact point v1', () => {
  it('maps the firing sample with its source, runbook and silence links', () => {
    const alerts = alertsOf(payload('grafana-firing.json'));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toEqual({
      groupKey: '{}:{}',
      fingerprint: 'c6eadffa33fcdf37',
      action: 'trigger',
      title: 'This alert was triggered for zone us-1',
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      details: {
        annotations: {
          description: 'The system has high memory usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone us-1',
        },
        receiver: 'My Super Webhook',
        state: 'alerting',
        groupTitle: '[FIRING:2]  (blue)',
        orgId: 1,
        values: { B: 44.23943737541908, C: 1 },
      },
      links: [
        { title: 'Source', url: 'https://play.grafana.org/alerting/1afz29v7z/edit' },
        { title: 'Runbook', url: 'https://myrunbook.com/runbook/1234' },
        {
          title: 'Silence',
          url: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
        },
      ],
      startsAt: '2021-10-12T09:51:03.157076+02:00',
    } satisfies IncomingAlert);
    expect(alerts[1]).toMatchObject({ fingerprint: 'bc97ff14869b13e3', title: 'This alert was triggered for zone eu-1' });
  });

  it('maps the resolved sample (state ok) to a resolve with its endsAt; values null is fine', () => {
    const [alert] = alertsOf(payload('grafana-resolved.json'));
    expect(alert).toMatchObject({ groupKey: '{}:{}', fingerprint: 'c6eadffa33fcdf37', action: 'resolve', endsAt: '2021-10-12T10:06:03.157076+02:00' });
    expect(alert?.details).toMatchObject({ state: 'ok' });
    expect(alert?.details).not.toHaveProperty('values');
  });

  it('adds the dashboard and panel links when Grafana fills them, and reads labels.severity', () => {
    const body = payload('grafana-firing.json');
    Object.assign(body.alerts[0], { dashboardURL: 'https://g.example/d/abc', panelURL: 'https://g.example/d/abc?viewPanel=2' });
    body.alerts[0].labels.severity = 'warning';
    const [alert] = alertsOf(body);
    expect(alert?.links.map((l) => l.title)).toEqual(['Source', 'Dashboard', 'Panel', 'Runbook', 'Silence']);
    expect(alert?.severity).toBe('sev3');
  });

  it('takes newer keys (enrichments, imageURL, ruleUID) without complaint', () => {
    const body = payload('grafana-firing.json');
    Object.assign(body.alerts[0], { enrichments: { x: 1 }, ruleUID: 'abc', imageURL: 'https://img.example/1.png' });
    expect(alertsOf(body)[0]?.details).toMatchObject({ ruleUID: 'abc', imageURL: 'https://img.example/1.png' });
  });

  it('names the broken fields', () => {
    const body = payload('grafana-firing.json');
    body.alerts[1].labels = ['team'];
    body.alerts[0].fingerprint = '';
    const result = parse(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(['alerts[0].fingerprint', 'alerts[1].labels']);
  });

  it('refuses an empty alerts array', () => {
    const result = parse({ ...payload('grafana-firing.json'), alerts: [] });
    expect(result).toEqual({ ok: false, problems: [{ path: 'alerts', message: expect.stringContaining('must not be empty') }] });
  });
});
