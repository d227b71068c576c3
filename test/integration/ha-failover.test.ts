import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackWithDms } from '../fakes/fake-slack-with-dms';
import { alertmanagerStorm, LoadBalancer, seededRandom, storm } from '../support/alert-storm';
import { pgUrl, startCluster, type Cluster } from '../support/ha-cluster';
import { outboxPosts, startHaSlack } from '../support/ha-slack';
import { pollUntil } from '../support/poll';
import { PROCESS_TOKENS } from '../support/policies';
import { slackChat, teamsChat } from '../support/policy-fixture';
import { checkStored } from '../support/storm-check';
import { CHILD_TIMEOUT_MS, type LogLine } from '../support/tocsin-process';

// Losing a replica loses nothing: two replicas on one PostgreSQL take a storm through a load
// balancer, one is SIGKILLed after a random number of answers and the balancer moves the load to
// the other. Every acknowledged alert is stored once, and every chat message the storm caused is
// delivered: to a fake Slack (SLACK_API_URL) exactly once, to Teams in local mode at least once.
// Seed: FAULT_SEED to replay a run.

if (!pgUrl) console.warn('[ha-failover] TEST_POSTGRES_URL is not set: the PostgreSQL failover test is SKIPPED (CI sets it).');

const GROUPS = 30;
const SENDS = 3;
const chat = (announce: string) => [slackChat({ channel_prefix: 'inc', announce_channel: announce, responders: ['bob'] }), teamsChat('19:sre@thread.tacv2', '19:web@thread.tacv2')];

/** What the local-mode Teams deliverer logged: one line per message posted, `<kind> <INC-n>`. */
function deliveries(lines: readonly LogLine[]): string[] {
  return lines.filter((l) => /^local mode \(Teams\): would post/.test(String(l.json?.msg))).map((l) => `${l.json!.kind} ${l.json!.incident}`);
}

describe.skipIf(!pgUrl)('PostgreSQL, two replicas: one SIGKILLed mid-storm', { timeout: CHILD_TIMEOUT_MS }, () => {
  let cluster: Cluster;
  let slack: FakeSlackWithDms;
  beforeAll(async () => {
    const ha = await startHaSlack('ha-failover-signing-secret');
    slack = ha.slack;
    cluster = await startCluster({ count: 2, chat: chat(ha.announce), env: ha.env });
  }, CHILD_TIMEOUT_MS);
  afterAll(async () => {
    await cluster?.cleanup();
    await slack?.stop();
  });

  it('loses no acknowledged alert and delivers every pending chat message once', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seededRandom(seed);
    const hooks = alertmanagerStorm({ groups: GROUPS, sends: SENDS, token: PROCESS_TOKENS.alertmanager, random });
    const killAfter = Math.floor(hooks.length * (0.2 + random() * 0.4));
    console.info(`[ha-failover] FAULT_SEED=${seed}: ${hooks.length} webhooks over 2 replicas, SIGKILL of one after ${killAfter} answers`);

    const [victim, survivor] = cluster.replicas as [typeof cluster.replicas[0], typeof cluster.replicas[0]];
    const lb = new LoadBalancer();
    lb.add(victim.url);
    lb.add(survivor.url);
    let killed: Promise<unknown> | undefined;
    const result = await storm(() => lb.next(), hooks, {
      concurrency: 16,
      onAnswered: (n) => {
        if (n !== killAfter) return;
        lb.remove(victim.url);
        killed = victim.kill('SIGKILL');
      },
    });
    await killed;

    expect(result.refused).toEqual([]);
    const stored = await checkStored(cluster.databaseUrl, 'alertmanager-1', result.acknowledged);
    expect(stored.lost).toEqual([]);
    expect(stored.duplicatedIncidents).toEqual([]);
    expect(stored.duplicatedAlerts).toBe(0);
    expect(stored.brokenChains).toEqual([]);
    expect(stored.incidents).toBe(GROUPS);

    // The dead replica's leases would run out 15 s after its last renewal; move them into the past
    // instead of waiting (test/integration/ha-failover-lease.test.ts waits them out).
    const inDoubt = await cluster.query<{ id: number }>(`update outbox set claimed_until = '2000-01-01T00:00:00.000Z' where claimed_by like $1 and delivered_at is null and failed_at is null returning id`, [`%:${victim.pid}:%`]);
    const rows = await pollUntil(async () => {
      const all = await cluster.query<{ id: number; platform: string; kind: string; incident: string; delivered_at: string | null; failed_at: string | null; last_error: string | null }>(
        `select id, platform, kind, payload::json->'incident'->>'ref' as incident, delivered_at, failed_at, last_error from outbox`,
      );
      return all.every((r) => r.delivered_at !== null || r.failed_at !== null) && all;
    }, { timeoutMs: 60_000, what: 'every outbox row to be delivered' });
    expect(rows.filter((r) => r.failed_at !== null)).toEqual([]);
    const slackRows = rows.filter((r) => r.platform === 'slack');
    const teamsRows = rows.filter((r) => r.platform === 'teams');
    expect(slackRows.length).toBeGreaterThanOrEqual(GROUPS);

    // Slack: every post carries its outbox row id; none is there twice, even for a row the victim
    // was posting when it died (the survivor finds that post and adopts it), and one channel per incident.
    const posts = outboxPosts(slack).map((p) => `${p.row}/${p.part}`);
    const twice = posts.filter((p, i) => posts.indexOf(p) !== i);
    expect(twice).toEqual([]);
    const opened = slackRows.filter((r) => r.kind === 'notice.incident_opened').map((r) => String(r.id));
    expect(opened.filter((id) => !posts.some((p) => p.startsWith(`${id}/`)))).toEqual([]);
    // One channel linked per incident. A replica killed between `conversations.create` and saving
    // the link leaves that channel unused and the retry takes `…-2` (docs/adr/0002-outbox.md, left
    // open knowingly): only possible for an announcement the victim held when it died.
    const linked = await cluster.query<{ n: string }>(`select count(*) as n from chat_channels where platform = 'slack' group by incident_id`);
    expect(linked.map((r) => Number(r.n))).toEqual(Array(GROUPS).fill(1));
    const created = new Set(slack.argsOf('conversations.create').map((a) => String(a.name)));
    const heldOpened = slackRows.filter((r) => r.kind === 'notice.incident_opened' && inDoubt.some((d) => Number(d.id) === Number(r.id))).length;
    expect(created.size - GROUPS).toBeLessThanOrEqual(heldOpened);

    // Teams in local mode logs instead of posting: per kind and incident, as many lines as rows; only
    // a row the victim held when it died may have been logged by both (at least once, by design).
    const posted = [...deliveries(victim.lines), ...deliveries(survivor.lines)];
    const count = (items: readonly string[]) => items.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
    const expected = count(teamsRows.map((r) => `${r.kind} ${r.incident}`));
    const extra = [...count(posted)].filter(([key, n]) => n !== expected.get(key)).map(([key, n]) => `${key}: posted ${n}, rows ${expected.get(key) ?? 0}`);
    console.info(`[ha-failover] ${result.retries} retries; ${slackRows.length} Slack and ${teamsRows.length} Teams messages, ${inDoubt.length} held by the killed replica, ${posts.length} Slack posts, ${created.size - GROUPS} channels left unused; ${stored.incidents} incidents`);
    expect(extra.length).toBeLessThanOrEqual(inDoubt.length);
    expect([...expected].filter(([key, n]) => (count(posted).get(key) ?? 0) < n)).toEqual([]);
  });
});
