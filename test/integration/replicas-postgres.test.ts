import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../src/adapters/db/connect';
import { escalationPolicy } from '../support/policies';
import { prepareTocsin, type TocsinSetup } from '../support/tocsin-setup';
import { postgresAvailable } from '../support/dialects';

/** Monday 2026-01-12 07:30 UTC: within the next 100 minutes, incidents escalate, primary hands off (08:00) and the weekly summary runs (09:00 Berlin). */
const T0 = '2026-01-12T07:30:00.000Z';
const plus = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

interface Replica {
  readonly url: string;
  readonly child: ChildProcess;
  request(message: Record<string, unknown>): Promise<any>;
}

async function spawnReplica(env: Record<string, string>): Promise<Replica> {
  const child = fork(join(process.cwd(), 'bin/run-ts.mjs'), [join(process.cwd(), 'test/integration/replica-process.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (m: any) => {
      if (m.type === 'ready') resolve(m.url);
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.type === 'error') w.reject(new Error(m.message));
      else w.resolve(m.result);
    });
    child.once('exit', (code) => reject(new Error(`replica exited with ${code}`)));
  });
  const url = await ready;
  return {
    url,
    child,
    request(message) {
      const id = ++next;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ ...message, id });
      });
    },
  };
}

async function webhook(replica: Replica, body: Record<string, unknown>): Promise<number> {
  const res = await fetch(`${replica.url}/webhooks/generic`, { method: 'POST', headers: { authorization: 'Bearer generic-secret', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

describe.skipIf(!postgresAvailable)('two Tocsin processes on one PostgreSQL schema', () => {
  let setup: TocsinSetup;
  let a: Replica;
  let b: Replica;
  let db: Db;

  beforeAll(async () => {
    setup = prepareTocsin({ policy: escalationPolicy(), database: 'postgres', env: { LOG_LEVEL: 'warn', TOCSIN_GENERIC_TOKEN: 'generic-secret', REPLICA_START_AT: T0 }, dirPrefix: 'tocsin-replicas-' });
    const env = setup.env;
    // One after the other: each applies migrations and the policy file on start.
    a = await spawnReplica(env);
    b = await spawnReplica(env);
    db = await connect(process.env.TEST_POSTGRES_URL!, { schema: setup.schema! });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((r) => r.request({ type: 'stop' }).catch(() => r.child.kill())));
    await db?.close();
    await setup?.cleanup();
  });

  it('every page, escalation, handoff notice and summary happens exactly once while both poll the same instants', async () => {
    // Four incidents, opened through either replica; the third is acknowledged (through the other) at +12.
    for (const [i, replica] of [a, b, a, b].entries()) expect(await webhook(replica, { dedup_key: `inc-${i}`, action: 'trigger', title: `Incident ${i}`, severity: 'sev2' })).toBe(202);
    // The first step (after: 0s) is paged by the webhook's own transaction, before either replica
    // polls: one page per incident, by whichever replica took the webhook. Every later step is a
    // timer both replicas race for.
    const opening = await db.kysely.selectFrom('outbox').select(['payload']).where('kind', '=', 'notice.incident_page').orderBy('id').execute();
    expect(opening.map((p) => JSON.parse(p.payload)).map((p) => [p.incident.ref, p.step, p.round])).toEqual([
      ['INC-1', 0, 0],
      ['INC-2', 0, 0],
      ['INC-3', 0, 0],
      ['INC-4', 0, 0],
    ]);
    const totals = { a: 0, b: 0, lost: 0, failed: 0, summaries: [] as string[] };
    for (let m = 0; m <= 100; m++) {
      if (m === 12) {
        await Promise.all([a.request({ type: 'set', at: plus(m) }), b.request({ type: 'set', at: plus(m) })]);
        expect(await webhook(b, { dedup_key: 'inc-2', action: 'acknowledge' })).toBe(202);
      }
      // Both replicas run their round at the same instant, concurrently: they race for the same timers.
      const [ra, rb] = await Promise.all([a.request({ type: 'tick', at: plus(m) }), b.request({ type: 'tick', at: plus(m) })]);
      totals.a += ra.fired;
      totals.b += rb.fired;
      totals.lost += ra.lost + rb.lost;
      totals.failed += ra.failed + rb.failed;
      totals.summaries.push(...ra.summaries, ...rb.summaries);
    }

    const incidents = await db.kysely.selectFrom('incidents').select(['id', 'title']).orderBy('number').execute();
    const pages = await db.kysely.selectFrom('outbox').select(['payload']).where('kind', '=', 'notice.incident_page').execute();
    const pagesPer = (id: number) => pages.filter((p) => JSON.parse(p.payload).incident.id === id).length;
    // Unacknowledged: the whole plan, 3 steps × 3 rounds (nine pages by +80); acknowledged at +12: two.
    expect(incidents.map((i) => [i.title, pagesPer(Number(i.id))])).toEqual([
      ['Incident 0', 9],
      ['Incident 1', 9],
      ['Incident 2', 2],
      ['Incident 3', 9],
    ]);
    const paged = await db.kysely.selectFrom('timeline_entries').select(['incident_id', 'data']).where('kind', '=', 'incident.paged').execute();
    const keys = paged.map((e) => `${e.incident_id} ${e.data}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(3 * (3 + 3 + 3 + 3) + (1 + 1));
    const escalated = await db.kysely.selectFrom('timeline_entries').select(['incident_id', 'data']).where('kind', '=', 'incident.escalated').execute();
    expect(escalated).toHaveLength(3 * 8 + 1);
    expect(new Set(escalated.map((e) => `${e.incident_id} ${e.data}`)).size).toBe(escalated.length);

    const notices = await db.kysely.selectFrom('outbox').select(['payload']).where('kind', '=', 'notice.person_message').execute();
    expect(notices.map((n) => `${JSON.parse(n.payload).person.id} ${JSON.parse(n.payload).role}`).sort()).toEqual(['alice outgoing', 'bob incoming']);

    expect(totals.summaries).toEqual(['2026-01-12T09:00']);
    const summaryPosts = await db.kysely.selectFrom('outbox').select(['payload']).where('kind', '=', 'notice.channel_post').execute();
    expect(summaryPosts.filter((p) => JSON.parse(p.payload).summary === 'weekly')).toHaveLength(1);
    expect(await db.kysely.selectFrom('summary_posts').select(['summary_id', 'period_key']).execute()).toEqual([{ summary_id: 'weekly', period_key: '2026-01-12T09:00' }]);

    expect(totals.failed).toBe(0);
    // Timer firings, shared between the two: the 8 steps after the first × 3 incidents + 1 for the
    // acknowledged one (its first step was paged at open), 12 reminder rounds (3 per incident by
    // +100), 1 handoff. Each fired by exactly one replica.
    console.info(`[replicas] fired by A: ${totals.a}, by B: ${totals.b}, claims lost to the other: ${totals.lost}`);
    expect(totals.a + totals.b).toBe(24 + 1 + 12 + 1);
  }, 240_000);
});
