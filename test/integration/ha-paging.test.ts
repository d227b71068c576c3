import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeNtfy } from '../fakes/fake-ntfy';
import { pgUrl, startCluster, type Cluster } from '../support/ha-cluster';
import { pollUntil } from '../support/poll';
import { processPolicy, PROCESS_TOKENS } from '../support/policies';
import { step } from '../support/policy-fixture';
import { CHILD_TIMEOUT_MS } from '../support/tocsin-process';

// Personal notifications with two real replicas on one PostgreSQL: both take the same alert at the
// same moment, both poll timers and both run the provider workers (push through a loopback ntfy;
// SMS and email to the log, no provider configured), and alice is still notified once per rule,
// each outcome said once.

if (!pgUrl) console.warn('[ha-paging] TEST_POSTGRES_URL is not set: the PostgreSQL HA paging test is SKIPPED (CI sets it).');

// The first step pages alice herself, whoever's week it is.
const POLICY = processPolicy()
  .person('alice', { phone: '+4915112345678', ntfy: 'alice-topic-1', notify: [{ after: '0s', via: 'chat' }, { after: '0s', via: 'push' }, { after: '1s', via: 'sms' }, { after: '2s', via: 'email' }] })
  .escalationPolicy('page', [step('0s', { person: 'alice' }), step('30m', { person: 'bob' })]);

describe.skipIf(!pgUrl)('PostgreSQL, two replicas: paging alice beyond chat', { timeout: CHILD_TIMEOUT_MS }, () => {
  let cluster: Cluster;
  const ntfy = new FakeNtfy();
  beforeAll(async () => {
    const ntfyUrl = await ntfy.start();
    cluster = await startCluster({ count: 2, policy: POLICY, env: { NTFY_URL: ntfyUrl } });
  }, CHILD_TIMEOUT_MS);
  afterAll(async () => {
    await cluster?.cleanup();
    await ntfy.stop();
  });

  it('notifies alice once per rule and records each outcome once', async () => {
    const body = JSON.stringify({ dedup_key: 'ha-paging', action: 'trigger', title: 'Checkout down' });
    const send = (url: string) => fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { authorization: `Bearer ${PROCESS_TOKENS.generic}`, 'content-type': 'application/json' }, body });
    const answers = await Promise.all(cluster.replicas.map((r) => send(r.url)));
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    const outcomes = () => cluster.query<{ text: string }>(`select text from timeline_entries where kind = 'incident.notified' order by seq`);
    await pollUntil(async () => (await outcomes()).length >= 3, { what: 'three notification outcomes', timeoutMs: 60_000 });
    // Nothing is left that could fire or deliver twice later: every rule's timer fired, every row settled.
    const pending = async () => {
      const [t] = await cluster.query<{ n: string }>(`select count(*) as n from timers where key like 'incident:%:notify:%' and fired_at is null`);
      const [o] = await cluster.query<{ n: string }>(`select count(*) as n from outbox where kind = 'notice.person_notification' and delivered_at is null and failed_at is null`);
      return Number(t!.n) + Number(o!.n) === 0;
    };
    await pollUntil(pending, { what: 'every notification timer fired and every row settled', timeoutMs: 30_000 });
    const rows = await cluster.query<{ platform: string; n: string }>(`select platform, count(*) as n from outbox where kind = 'notice.person_notification' group by platform order by platform`);
    expect(rows.map((r) => `${r.platform} ${r.n}`)).toEqual(['email 1', 'push 1', 'sms 1']);
    expect(ntfy.messages.map((m) => m.topic)).toEqual(['alice-topic-1']);
    const notifying = await cluster.query<{ text: string }>(`select text from timeline_entries where kind = 'incident.notifying' order by seq`);
    expect(notifying.map((r) => r.text)).toEqual(['Notifying @alice by push (rule 2)', 'Notifying @alice by SMS (rule 3)', 'Notifying @alice by email (rule 4)']);
    expect((await outcomes()).map((r) => r.text).sort()).toEqual([
      'Email to @alice written to the log (no email provider configured)',
      'Push to @alice sent',
      'SMS to @alice written to the log (no sms provider configured)',
    ]);
  });
});
