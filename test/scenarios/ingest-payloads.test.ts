import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';
import { integrationId, PROCESS_TOKENS, startIngestTocsin, type Answer, type IngestTocsin } from '../support/ingest-tocsin';

// Every real payload of ../shared/reference/payloads (copied to test/fixtures/payloads) through
// HTTP into the database, and what the incident, its alerts, timeline and outbox then hold.

const payload = (name: string): any => JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url), 'utf8'));

/** What Datadog sends for a template: every `$VARIABLE` filled in, as strings. */
function renderDatadog(template: Record<string, unknown>): unknown {
  const values: Record<string, string> = {
    EVENT_MSG: '%%%\nError rate above 5% on checkout\n[Monitor Status](https://app.datadoghq.com/monitors/221164085?link_source=monitor_notif)\n%%%', LAST_UPDATED: '1759343824000', EVENT_TYPE: 'query_alert_monitor', EVENT_TITLE: '[Triggered] Error rate on checkout',
    DATE: '1759343824000', ORG_ID: '352347', ORG_NAME: 'example-org', ID: '8306082202796025694', ALERT_ID: '221164084', ALERT_CYCLE_KEY: '7066862406465446785',
    ALERT_TRANSITION: 'Triggered', ALERT_TITLE: 'Error rate on checkout', ALERT_STATUS: 'Alert', ALERT_PRIORITY: 'P1', ALERT_SCOPE: 'service:checkout,env:prod',
    ALERT_QUERY: 'avg(last_5m):avg:trace.http.errors{service:checkout} > 0.05', ALERT_METRIC: 'trace.http.errors', ALERT_TYPE: 'error', AGGREG_KEY: '9bd4ac313a4d1e8fae2482df7b77628',
    HOSTNAME: 'checkout-1', LINK: 'https://app.datadoghq.com/monitors/221164084', SNAPSHOT: 'https://p.datadoghq.com/snapshot/x.png', TAGS: 'service:checkout,env:prod', TEXT_ONLY_MSG: 'Error rate above 5% on checkout',
  };
  return JSON.parse(JSON.stringify(template).replace(/\$([A-Z_]+)/g, (whole, name: string) => (values[name] === undefined ? whole : JSON.stringify(values[name]).slice(1, -1))));
}

let tocsin: IngestTocsin;
beforeAll(async () => {
  tocsin = await startIngestTocsin({ env: { WEBHOOK_MAX_BYTES: String(64 * 1024) } });
});
afterAll(() => tocsin.stop());

const k = () => tocsin.running.ctx.db.kysely;
const incidentFor = (kind: WebhookKind, key: string) => k().selectFrom('incidents').selectAll().where('dedup_key', '=', `${integrationId(kind)}/${key}`).orderBy('id', 'desc').executeTakeFirstOrThrow();
const timelineKinds = async (id: number) => (await tocsin.running.ctx.store.read.timeline.list(id)).map((e) => e.kind);
const outboxKinds = async (id: number) => (await k().selectFrom('outbox').select('kind').where('ordering_key', 'like', `%:incident:${id}`).orderBy('id').execute()).map((r) => r.kind);
const messageTexts = async (id: number) => (await k().selectFrom('outbox').select('payload').where('ordering_key', 'like', `%:incident:${id}`).where('kind', '=', 'notice.incident_message').orderBy('id').execute()).map((m) => JSON.parse(m.payload).text);
/** What the first step's page says at the fake clock's Monday 08:00 UTC, an hour before primary's first shift. */
const NOBODY_ON_CALL = 'Nobody is on call in primary: nobody was paged for it (step 1, round 1).';
const alertsOf = (id: number) => k().selectFrom('alerts').select(['fingerprint', 'status', 'repeat_count']).where('incident_id', '=', id).orderBy('fingerprint').execute();
const accepted = (a: Answer) => expect(a.status, a.text).toBe(202);

describe('real payloads end to end', () => {
  it('Alertmanager: a group of two opens one incident, a repeat is counted, resolved resolves it', async () => {
    const key = '{}:{alertname="InstanceDown"}';
    accepted(await tocsin.post('alertmanager', payload('alertmanager-firing.json')));
    accepted(await tocsin.post('alertmanager', payload('alertmanager-firing.json')));
    const open = await incidentFor('alertmanager', key);
    expect(open).toMatchObject({ status: 'triggered', severity: 'sev1', service_id: 'web', alert_count: 2 });
    expect(await alertsOf(open.id)).toEqual([
      { fingerprint: 'f404ecabc8dd5cd7', status: 'firing', repeat_count: 1 },
      { fingerprint: 'f8f08d4e32c61a9d', status: 'firing', repeat_count: 1 },
    ]);
    // The alert that came with the one opening the incident is on the timeline, not announced again.
    // The first step is paged by the webhook itself, after both alerts: nobody is on call yet
    // (primary starts Monday 09:00), which the timeline and the channel say.
    expect(await timelineKinds(open.id)).toEqual(['incident.opened', 'alert.firing', 'alert.firing', 'incident.page_missed']);
    expect(await outboxKinds(open.id)).toEqual(['notice.incident_opened', 'notice.incident_message']);
    expect(await messageTexts(open.id)).toEqual([NOBODY_ON_CALL]);

    accepted(await tocsin.post('alertmanager', payload('alertmanager-resolved.json')));
    const resolved = await incidentFor('alertmanager', key);
    expect(resolved.id).toBe(open.id);
    expect(resolved.status).toBe('resolved');
    expect((await alertsOf(open.id)).map((a) => a.status)).toEqual(['resolved', 'resolved']);
    expect(await timelineKinds(open.id)).toEqual(['incident.opened', 'alert.firing', 'alert.firing', 'incident.page_missed', 'alert.resolved', 'alert.resolved', 'incident.resolved']);
    expect(await outboxKinds(open.id)).toEqual(['notice.incident_opened', 'notice.incident_message', 'notice.incident_resolved']);
  });

  it('Alertmanager v0.32 (notification_reason, another route): its own incident', async () => {
    const answer = await tocsin.post('alertmanager', payload('alertmanager-firing-v0.32.json'));
    accepted(answer);
    const incident = await incidentFor('alertmanager', '{}/{severity="critical"}:{alertname="InstanceDown"}');
    expect(answer.body.incidents).toEqual([{ ref: `INC-${incident.number}`, dedup_key: '{}/{severity="critical"}:{alertname="InstanceDown"}' }]);
    expect(incident.alert_count).toBe(1);
  });

  it('Grafana: firing two, then one resolved: the incident stays open on the other', async () => {
    accepted(await tocsin.post('grafana', payload('grafana-firing.json')));
    accepted(await tocsin.post('grafana', payload('grafana-resolved.json')));
    const incident = await incidentFor('grafana', '{}:{}');
    expect(incident.status).toBe('triggered');
    expect(await alertsOf(incident.id)).toEqual([
      { fingerprint: 'bc97ff14869b13e3', status: 'firing', repeat_count: 0 },
      { fingerprint: 'c6eadffa33fcdf37', status: 'resolved', repeat_count: 0 },
    ]);
    const links = JSON.parse((await k().selectFrom('alerts').select('links').where('fingerprint', '=', 'c6eadffa33fcdf37').executeTakeFirstOrThrow()).links);
    expect(links.map((l: { title: string }) => l.title)).toEqual(expect.arrayContaining(['Source', 'Runbook', 'Silence']));
  });

  it('Datadog: the rendered default template, and both templates as Datadog fills them in', async () => {
    const rendered = await tocsin.post('datadog', payload('datadog-webhook-default-rendered.json'));
    accepted(rendered);
    expect(rendered.body.dedup_key).toBe('monitor/221164084');
    expect((await incidentFor('datadog', 'monitor/221164084')).title).toMatch(/High tracking/);
    for (const template of ['datadog-webhook-default-template.json', 'datadog-webhook-extended-template.json']) accepted(await tocsin.post('datadog', renderDatadog(payload(template))));
    expect((await incidentFor('datadog', 'monitor/221164085')).alert_count).toBe(1);
    expect((await incidentFor('datadog', '7066862406465446785')).alert_count).toBe(1);
  });

  it('PagerDuty Events v2: trigger, acknowledge, resolve by dedup_key, answered as PagerDuty does', async () => {
    const trigger = await tocsin.post('pagerduty', { ...payload('pagerduty-v2-trigger.json'), routing_key: PROCESS_TOKENS.pagerduty });
    expect(trigger).toMatchObject({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: 'srv01/mysql' } });
    expect((await incidentFor('pagerduty', 'srv01/mysql')).severity).toBe('sev1');

    const key = payload('pagerduty-v2-acknowledge.json').dedup_key;
    accepted(await tocsin.post('pagerduty', { ...payload('pagerduty-v2-trigger.json'), dedup_key: key, routing_key: PROCESS_TOKENS.pagerduty }));
    accepted(await tocsin.post('pagerduty', { ...payload('pagerduty-v2-acknowledge.json'), routing_key: PROCESS_TOKENS.pagerduty }));
    expect((await incidentFor('pagerduty', key)).status).toBe('acknowledged');
    accepted(await tocsin.post('pagerduty', { ...payload('pagerduty-v2-resolve.json'), routing_key: PROCESS_TOKENS.pagerduty }));
    const done = await incidentFor('pagerduty', key);
    expect(done.status).toBe('resolved');
    expect(await timelineKinds(done.id)).toEqual(['incident.opened', 'alert.firing', 'incident.page_missed', 'incident.acknowledged', 'alert.resolved', 'incident.resolved']);

    const { dedup_key: _key, ...keyless } = payload('pagerduty-v2-trigger.json');
    const generated = await tocsin.post('pagerduty', { ...keyless, routing_key: PROCESS_TOKENS.pagerduty });
    accepted(generated);
    expect(generated.body.dedup_key).toMatch(/^[\w-]{16,}$/);
    expect((await incidentFor('pagerduty', generated.body.dedup_key)).status).toBe('triggered');
  });

  it('generic: trigger, a retry of it, resolve', async () => {
    const event = { dedup_key: 'backup-nightly', action: 'trigger', title: 'Nightly backup failed', severity: 'sev2', source: 'cron', details: { exit: 3 }, links: ['https://ci.example.com/backup/123'] };
    accepted(await tocsin.post('generic', event));
    accepted(await tocsin.post('generic', event));
    const incident = await incidentFor('generic', 'backup-nightly');
    expect(incident).toMatchObject({ severity: 'sev2', alert_count: 1, status: 'triggered' });
    accepted(await tocsin.post('generic', { dedup_key: 'backup-nightly', action: 'resolve' }));
    expect((await incidentFor('generic', 'backup-nightly')).status).toBe('resolved');
  });

  it('alerts joining an open incident: a timeline entry each, one chat line per webhook', async () => {
    const group = (fingerprints: string[]) =>
      edit(payload('alertmanager-firing.json'), (b) => {
        b.groupKey = '{}:{alertname="Joins"}';
        b.alerts = fingerprints.map((fp) => ({ ...b.alerts[0], labels: { ...b.alerts[0].labels, instance: fp }, annotations: { title: `Down: ${fp}` }, fingerprint: fp }));
      });
    accepted(await tocsin.post('alertmanager', group(['a'])));
    accepted(await tocsin.post('alertmanager', group(['a', 'b', 'c', 'd'])));
    const incident = await incidentFor('alertmanager', '{}:{alertname="Joins"}');
    expect(incident.alert_count).toBe(4);
    expect(await timelineKinds(incident.id)).toEqual(['incident.opened', 'alert.firing', 'incident.page_missed', 'alert.firing', 'alert.firing', 'alert.firing']);
    // The first webhook's page (nobody on call), then one line for the second webhook's three.
    expect(await messageTexts(incident.id)).toEqual([NOBODY_ON_CALL, `3 more alerts joined INC-${incident.number}: Down: b; Down: c; Down: d`]);
  });

  it('no incident is left half made', async () => {
    expect(await tocsin.partialIncidents()).toEqual([]);
  });
});

/** A JSON body with raw bytes 0xFF 0xFE inside a string: not UTF-8. */
function notUtf8(body: unknown, marker: string): Buffer {
  const [before, after] = JSON.stringify(body).split(marker) as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
}

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`tocsin:${password}`).toString('base64')}` });
const huge = 'x'.repeat(80 * 1024);

interface Broken {
  readonly what: string;
  readonly kind: WebhookKind;
  readonly body: () => unknown;
  readonly headers?: Record<string, string>;
  readonly query?: string;
  readonly status: number;
  /** The field the 400 must name. */
  readonly field?: string;
}

const am = () => payload('alertmanager-firing.json');
const gf = () => payload('grafana-firing.json');
const dd = () => payload('datadog-webhook-default-rendered.json');
const pd = () => ({ ...payload('pagerduty-v2-trigger.json'), routing_key: PROCESS_TOKENS.pagerduty });
const gn = () => ({ dedup_key: 'k', action: 'trigger', title: 'Disk full', severity: 'sev3' });
const edit = <T>(value: T, change: (v: any) => void): T => {
  change(value);
  return value;
};

const BROKEN: readonly Broken[] = [
  { what: 'no groupKey', kind: 'alertmanager', body: () => edit(am(), (b) => delete b.groupKey), status: 400, field: 'groupKey' },
  { what: 'an alert without fingerprint', kind: 'alertmanager', body: () => edit(am(), (b) => delete b.alerts[1].fingerprint), status: 400, field: 'alerts[1].fingerprint' },
  { what: 'labels as a number', kind: 'alertmanager', body: () => edit(am(), (b) => (b.alerts[0].labels = 5)), status: 400, field: 'alerts[0].labels' },
  { what: 'a label value as a number', kind: 'alertmanager', body: () => edit(am(), (b) => (b.alerts[0].labels.instance = 8081)), status: 400, field: 'alerts[0].labels.instance' },
  { what: 'an unknown status', kind: 'alertmanager', body: () => edit(am(), (b) => (b.alerts[0].status = 'pending')), status: 400, field: 'alerts[0].status' },
  { what: 'empty alerts', kind: 'alertmanager', body: () => edit(am(), (b) => (b.alerts = [])), status: 400, field: 'alerts' },
  { what: 'alerts as a string', kind: 'alertmanager', body: () => edit(am(), (b) => (b.alerts = 'none')), status: 400, field: 'alerts' },
  { what: 'huge labels', kind: 'alertmanager', body: () => edit(am(), (b) => (b.alerts[0].labels.huge = huge)), status: 413 },
  { what: 'not UTF-8', kind: 'alertmanager', body: () => notUtf8(edit(am(), (b) => (b.alerts[0].labels.instance = '@@')), '@@'), status: 400 },
  { what: 'not JSON', kind: 'alertmanager', body: () => '{"version": "4", "alerts": [', status: 400 },
  { what: 'a wrong bearer token', kind: 'alertmanager', body: am, headers: { authorization: 'Bearer not-the-token' }, status: 401 },
  { what: 'basic auth with a wrong password', kind: 'alertmanager', body: am, headers: basic('not-the-token'), status: 401 },
  { what: 'a wrong ?token=', kind: 'alertmanager', body: am, headers: { authorization: '' }, query: '?token=not-the-token', status: 401 },
  { what: 'no token at all', kind: 'alertmanager', body: am, headers: { authorization: '' }, status: 401 },
  { what: 'another integration’s token', kind: 'alertmanager', body: am, headers: { authorization: `Bearer ${PROCESS_TOKENS.grafana}` }, status: 401 },
  { what: 'an unknown media type', kind: 'alertmanager', body: am, headers: { 'content-type': 'application/xml' }, status: 415 },
  { what: 'no groupKey', kind: 'grafana', body: () => edit(gf(), (b) => delete b.groupKey), status: 400, field: 'groupKey' },
  { what: 'annotations as a list', kind: 'grafana', body: () => edit(gf(), (b) => (b.alerts[0].annotations = ['x'])), status: 400, field: 'alerts[0].annotations' },
  { what: 'empty alerts', kind: 'grafana', body: () => edit(gf(), (b) => (b.alerts = [])), status: 400, field: 'alerts' },
  { what: 'huge labels', kind: 'grafana', body: () => edit(gf(), (b) => (b.commonLabels.huge = huge)), status: 413 },
  { what: 'not UTF-8', kind: 'grafana', body: () => notUtf8(edit(gf(), (b) => (b.title = '@@')), '@@'), status: 400 },
  { what: 'basic auth with a wrong password', kind: 'grafana', body: gf, headers: basic('wrong'), status: 401 },
  { what: 'no title and no key', kind: 'datadog', body: () => edit(dd(), (b) => ((b.title = '$EVENT_TITLE'), delete b.id)), status: 400, field: 'title' },
  { what: 'the template as written, nothing filled in', kind: 'datadog', body: () => payload('datadog-webhook-extended-template.json'), status: 400, field: 'alert_cycle_key' },
  { what: 'org as a string', kind: 'datadog', body: () => edit(dd(), (b) => (b.org = 'example-org')), status: 400, field: 'org' },
  { what: 'not UTF-8', kind: 'datadog', body: () => notUtf8(edit(dd(), (b) => (b.title = '@@')), '@@'), status: 400 },
  { what: 'a wrong token', kind: 'datadog', body: dd, headers: { authorization: 'Bearer wrong' }, status: 401 },
  { what: 'no event_action', kind: 'pagerduty', body: () => edit(pd(), (b) => delete b.event_action), status: 400, field: 'event_action' },
  { what: 'an unknown event_action', kind: 'pagerduty', body: () => edit(pd(), (b) => (b.event_action = 'explode')), status: 400, field: 'event_action' },
  { what: 'a trigger without summary', kind: 'pagerduty', body: () => edit(pd(), (b) => delete b.payload.summary), status: 400, field: 'payload.summary' },
  { what: 'an unknown severity', kind: 'pagerduty', body: () => edit(pd(), (b) => (b.payload.severity = 'apocalyptic')), status: 400, field: 'payload.severity' },
  { what: 'a resolve without dedup_key', kind: 'pagerduty', body: () => edit(pd(), (b) => ((b.event_action = 'resolve'), delete b.dedup_key)), status: 400, field: 'dedup_key' },
  { what: 'a wrong routing_key', kind: 'pagerduty', body: () => edit(pd(), (b) => (b.routing_key = 'R0000000000000000000000000000000')), status: 401 },
  { what: 'not UTF-8', kind: 'pagerduty', body: () => notUtf8(edit(pd(), (b) => (b.payload.source = '@@')), '@@'), status: 400 },
  { what: 'no dedup_key', kind: 'generic', body: () => edit(gn(), (b) => delete b.dedup_key), status: 400, field: 'dedup_key' },
  { what: 'a trigger without title', kind: 'generic', body: () => edit(gn(), (b) => delete b.title), status: 400, field: 'title' },
  { what: 'an unknown action', kind: 'generic', body: () => edit(gn(), (b) => (b.action = 'panic')), status: 400, field: 'action' },
  { what: 'a link that is not a URL', kind: 'generic', body: () => edit(gn(), (b) => (b.links = ['javascript:alert(1)'])), status: 400, field: 'links[0]' },
  { what: 'details as a string', kind: 'generic', body: () => edit(gn(), (b) => (b.details = 'x')), status: 400, field: 'details' },
  { what: 'basic auth with a wrong password', kind: 'generic', body: gn, headers: basic(PROCESS_TOKENS.alertmanager), status: 401 },
];

describe('broken variants: the right 4xx, and nothing stored', () => {
  it.each(BROKEN)('$kind: $what → $status', async ({ kind, body, headers, query, status, field }) => {
    const before = await tocsin.rows();
    const answer = await tocsin.post(kind, body(), headers, query);
    expect(answer.status, answer.text).toBe(status);
    if (field) expect(answer.text).toContain(JSON.stringify(field));
    expect(answer.text).not.toContain(PROCESS_TOKENS[kind]);
    expect(await tocsin.rows()).toEqual(before);
  });

  it('the token as basic-auth password, or in ?token=, is taken', async () => {
    accepted(await tocsin.post('grafana', edit(gf(), (b) => (b.groupKey = 'basic')), basic(PROCESS_TOKENS.grafana)));
    accepted(await tocsin.post('alertmanager', edit(am(), (b) => (b.groupKey = 'query')), { authorization: '' }, `?token=${PROCESS_TOKENS.alertmanager}`));
    expect(await tocsin.partialIncidents()).toEqual([]);
  });
});
