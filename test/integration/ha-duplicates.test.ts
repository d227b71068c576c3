import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerStorm, seededRandom, sendUntilAnswered, type Webhook } from '../support/alert-storm';
import { pgUrl, startCluster, type Cluster } from '../support/ha-cluster';
import { PROCESS_TOKENS } from '../support/policies';
import { slackChat, teamsChat } from '../support/policy-fixture';
import { checkStored } from '../support/storm-check';
import { CHILD_TIMEOUT_MS } from '../support/tocsin-process';

// An Alertmanager HA pair sends every notification from both peers, and a load balancer may hand
// the two copies to two Tocsin replicas at the same moment. Whatever the race, one group is one
// incident with one announcement per chat target. Two real replicas on one PostgreSQL.

if (!pgUrl) console.warn('[ha-duplicates] TEST_POSTGRES_URL is not set: the PostgreSQL HA test is SKIPPED (CI sets it).');

const GROUPS = 30;
const CHAT = [slackChat({ announce_channel: 'C0INCIDENTS' }), teamsChat('19:sre@thread.tacv2', '19:web@thread.tacv2')];

describe.skipIf(!pgUrl)('PostgreSQL, two replicas: duplicate webhooks to both at once', { timeout: CHILD_TIMEOUT_MS }, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ count: 2, chat: CHAT });
  }, CHILD_TIMEOUT_MS);
  afterAll(() => cluster?.cleanup());

  it('opens one incident per group and one notice.incident_opened per chat target', async () => {
    const [a, b] = cluster.replicas.map((r) => () => Promise.resolve(r.url));
    // Each distinct webhook once (the storm lists every send twice), then both copies at once.
    const hooks = [...new Set(alertmanagerStorm({ groups: GROUPS, sends: 2, token: PROCESS_TOKENS.alertmanager, random: seededRandom(7) }))];
    const acknowledged = new Map<string, Set<string>>();
    const both = async (hook: Webhook) => {
      const answers = await Promise.all([sendUntilAnswered(a!, hook), sendUntilAnswered(b!, hook)]);
      expect(answers.map((x) => x.status)).toEqual([202, 202]);
      for (const alert of hook.alerts) acknowledged.set(alert.groupKey, (acknowledged.get(alert.groupKey) ?? new Set()).add(alert.fingerprint));
      return answers;
    };
    const answers = (await Promise.all(hooks.map(both))).flat();
    // Neither replica had to refuse one for a conflict (a 503 Grafana would not resend): the race
    // is settled inside the database, not by the sender's retry.
    expect(answers.map((x) => x.attempts).filter((n) => n > 1)).toEqual([]);

    const stored = await checkStored(cluster.databaseUrl, 'alertmanager-1', acknowledged);
    expect(stored.duplicatedIncidents).toEqual([]);
    expect(stored.lost).toEqual([]);
    expect(stored.duplicatedAlerts).toBe(0);
    expect(stored.brokenChains).toEqual([]);
    expect(stored.incidents).toBe(GROUPS);
    // Both replicas answered with the same incident for the same group.
    const refs = (hook: number) => answers.slice(hook * 2, hook * 2 + 2).map((x) => JSON.parse(x.body).incidents[0].ref);
    for (let i = 0; i < hooks.length; i++) expect(new Set(refs(i)).size).toBe(1);

    const opened = await cluster.query<{ platform: string; n: string }>(`select platform, count(*) as n from outbox where kind = 'notice.incident_opened' group by platform, ordering_key`);
    expect(opened.every((r) => Number(r.n) === 1)).toBe(true);
    expect(opened.filter((r) => r.platform === 'slack')).toHaveLength(GROUPS);
    expect(opened.filter((r) => r.platform === 'teams')).toHaveLength(GROUPS);
    // Nobody is paged twice for one incident either: one first escalation timer each.
    const timers = await cluster.query<{ n: string }>(`select count(*) as n from timers where key like 'incident:%:escalate'`);
    expect(Number(timers[0]!.n)).toBe(GROUPS);
  });

  it('a PagerDuty event sent to both replicas at once is one incident too', async () => {
    const event = (key: string) => ({ routing_key: PROCESS_TOKENS.pagerduty, event_action: 'trigger', dedup_key: key, payload: { summary: `Disk full ${key}`, source: 'db-1', severity: 'critical' } });
    const keys = Array.from({ length: 10 }, (_, i) => `disk-${i}`);
    await Promise.all(
      keys.map(async (key) => {
        const hook: Webhook = { path: '/v2/enqueue', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event(key)), alerts: [] };
        const answers = await Promise.all(cluster.replicas.map((r) => sendUntilAnswered(() => Promise.resolve(r.url), hook)));
        expect(answers.map((x) => [x.status, JSON.parse(x.body).dedup_key])).toEqual([[202, key], [202, key]]);
      }),
    );
    const rows = await cluster.query<{ dedup_key: string; n: string }>(`select dedup_key, count(*) as n from incidents where integration_id = 'pagerduty-1' group by dedup_key`);
    expect(rows.map((r) => Number(r.n))).toEqual(keys.map(() => 1));
  });
});
