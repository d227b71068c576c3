import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/app/ports/clock';
import { alertmanagerBinary, startAlertmanager, type AlertmanagerProcess, type PostableAlert } from '../support/alertmanager-process';
import { integrationId, PROCESS_TOKENS, startIngestTocsin, type IngestTocsin } from '../support/ingest-tocsin';
import { pollUntil } from '../support/poll';

// The real Prometheus Alertmanager in front of Tocsin: alerts posted to Alertmanager's own API
// reach Tocsin through a webhook receiver configured as the README says (bearer token in
// http_config.authorization), open one incident for the group, and resolve it when Alertmanager
// says every alert of the group ended.

const binary = alertmanagerBinary();
if (!binary) console.warn('[tocsin tests] neither prometheus-alertmanager nor alertmanager is on PATH: the Alertmanager end-to-end test is SKIPPED (CI installs it).');

describe.skipIf(!binary)('Prometheus Alertmanager → Tocsin', () => {
  let tocsin: IngestTocsin;
  let alertmanager: AlertmanagerProcess;
  beforeAll(async () => {
    tocsin = await startIngestTocsin({ clock: systemClock });
    alertmanager = await startAlertmanager(binary!, { url: `${tocsin.url}/webhooks/alertmanager`, token: PROCESS_TOKENS.alertmanager });
  });
  afterAll(async () => {
    await alertmanager?.stop();
    await tocsin?.stop();
  });

  const k = () => tocsin.running.ctx.db.kysely;
  const groupKey = `${integrationId('alertmanager')}/{}:{alertname="TocsinE2E"}`;
  const incident = () => k().selectFrom('incidents').selectAll().where('dedup_key', '=', groupKey).executeTakeFirst();
  const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false>) =>
    pollUntil(probe, { timeoutMs: 25_000, everyMs: 100, what }).catch((e: unknown) => {
      throw new Error(`${String(e)}\nAlertmanager said:\n${alertmanager.output()}`);
    });

  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const alerts = (endsAt?: string): PostableAlert[] =>
    ['web-1:9100', 'web-2:9100'].map((instance) => ({
      labels: { alertname: 'TocsinE2E', instance, job: 'node', severity: 'critical' },
      annotations: { summary: `Instance ${instance} down`, runbook_url: 'https://runbooks.example.com/instance-down' },
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=up+%3D%3D+0',
      startsAt,
      ...(endsAt ? { endsAt } : {}),
    }));

  it('opens one incident for the group, with both alerts', async () => {
    await alertmanager.post(alerts());
    const opened = await waitFor('the incident with both alerts', async () => {
      const i = await incident();
      return i && Number(i.alert_count) === 2 && i;
    });
    expect(opened).toMatchObject({ status: 'triggered', severity: 'sev1', service_id: 'web' });
    const stored = await k().selectFrom('alerts').select(['status', 'links']).where('incident_id', '=', opened.id).execute();
    expect(stored.map((a) => a.status)).toEqual(['firing', 'firing']);
    expect(JSON.parse(stored[0]!.links).map((l: { title: string }) => l.title)).toEqual(['Source', 'Runbook', 'Silence']);
    // One notification for the group (group_wait): both alerts, then the page of the first step,
    // in the transaction that opened the incident (nobody waits for a timer poll; the scheduler
    // does not even run here).
    expect((await tocsin.running.ctx.store.read.timeline.list(opened.id)).map((e) => e.kind)).toEqual(['incident.opened', 'alert.firing', 'alert.firing', 'incident.paged']);
    // Alertmanager re-sends the group at each group_interval while nothing changes: no second incident.
    expect(await k().selectFrom('incidents').select('id').execute()).toHaveLength(1);
  });

  it('resolves it once Alertmanager reports every alert ended', async () => {
    await alertmanager.post(alerts(new Date(Date.now() - 1_000).toISOString()));
    const resolved = await waitFor('the incident resolved', async () => {
      const i = await incident();
      return i?.status === 'resolved' && i;
    });
    const timeline = await tocsin.running.ctx.store.read.timeline.list(resolved.id);
    expect(timeline.map((e) => e.kind)).toEqual(['incident.opened', 'alert.firing', 'alert.firing', 'incident.paged', 'alert.resolved', 'alert.resolved', 'incident.resolved']);
    expect(timeline.at(-1)?.text).toMatch(/every alert of the incident is resolved at the source/);
    expect(await tocsin.partialIncidents()).toEqual([]);
  });
});
