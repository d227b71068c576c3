import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/adapters/db/connect';
import { timerQueue } from '../../../src/adapters/db/timer-queue';
import { dialects } from '../../support/dialects';
import { freshDatabases } from '../../support/fresh-database';
import { planOf, recordingStatements } from '../../support/query-plans';

const T0 = Date.parse('2026-01-05T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;
const KINDS = ['timer.escalation_step', 'timer.incident_reminder'];

interface TimerRow {
  readonly key: string;
  readonly due: number;
  readonly fired?: boolean;
}

async function insertTimers(db: Db, rows: readonly TimerRow[]): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((r) => ({ key: r.key, kind: KINDS[i % 2]!, due_at: iso(r.due), payload: '{}', created_at: iso(T0), fired_at: r.fired ? iso(r.due) : null }));
      await trx.insertInto('timers').values(chunk).execute();
    }
  });
  if (db.dialect === 'postgres') await sql`ANALYZE timers`.execute(db.kysely);
}

describe.each(dialects)('timer queue on $name', (dialect) => {
  const { open } = freshDatabases(dialect);

  it('claims the earliest unfired timers by due time then key, walking an index in that order instead of sorting every due row', async () => {
    const db = await open();
    // 3,000 timers due at the same instant (a storm opened them together), 1,000 due earlier, and
    // 3,000 fired ones that must not count.
    const rows: TimerRow[] = [
      ...Array.from({ length: 3000 }, (_, i) => ({ key: `incident:${i}:escalate`, due: T0 })),
      ...Array.from({ length: 1000 }, (_, i) => ({ key: `incident:${i}:reminder`, due: T0 - (i % 7) * MIN })),
      ...Array.from({ length: 3000 }, (_, i) => ({ key: `incident:${i}:old`, due: T0 - 2 * MIN, fired: true })),
    ];
    await insertTimers(db, rows);
    const recorded = recordingStatements(db);
    const queue = timerQueue(recorded.db);
    const expected = rows
      .filter((r) => !r.fired)
      .sort((a, b) => a.due - b.due || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((r) => r.key);

    const claimed: string[] = [];
    for (let batch = 0; batch < 4; batch++) claimed.push(...(await queue.claimDue({ now: new Date(T0), leaseMs: MIN, kinds: KINDS, limit: 50, claimant: 'test' })).map((t) => t.key));
    // The JavaScript sort of a batch is locale order; the claim picks by the database's byte order.
    expect(new Set(claimed)).toEqual(new Set(expected.slice(0, 200)));

    const plan = await planOf(db, recorded.statements[0]!);
    expect(plan).toContain('timers_open_due');
    expect(plan).not.toMatch(/TEMP B-TREE|Sort/);
  });

  it('prunes fired timers older than the cut-off through the index of fired rows, and nothing still to fire', async () => {
    const db = await open();
    await insertTimers(db, [
      ...Array.from({ length: 300 }, (_, i) => ({ key: `old:${i}`, due: T0 - (i % 3) * MIN, fired: true })),
      ...Array.from({ length: 300 }, (_, i) => ({ key: `open:${i}`, due: T0 - 5 * MIN })),
    ]);
    const recorded = recordingStatements(db);
    expect(await timerQueue(recorded.db).pruneFired(new Date(T0 - MIN / 2))).toBe(200);
    const left = await db.kysely.selectFrom('timers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(400);
    expect(await planOf(db, recorded.statements[0]!)).toContain('timers_fired');
  });
  it('renews a claim while its holder still fires it: nobody takes it over, until renewals stop and the lease runs out', async () => {
    const db = await open();
    await insertTimers(db, [{ key: 'slow', due: T0 }, { key: 'other', due: T0 }]);
    const queue = timerQueue(db);
    const LEASE = 15_000;
    const claim = (now: number, claimant: string) => queue.claimDue({ now: new Date(now), leaseMs: LEASE, kinds: KINDS, limit: 10, claimant });
    const held = await claim(T0, 'a');
    expect(held.map((t) => t.key).sort()).toEqual(['other', 'slow']);
    // 'other' fired meanwhile: not renewed. 'slow' renewed twice, to T0 + 35 s.
    await db.kysely.updateTable('timers').set({ fired_at: iso(T0) }).where('key', '=', 'other').execute();
    expect(await queue.renew({ timers: held, leaseUntil: iso(T0 + 5_000 + LEASE) })).toEqual(['slow']);
    expect(await queue.renew({ timers: held, leaseUntil: iso(T0 + 20_000 + LEASE) })).toEqual(['slow']);
    expect(await claim(T0 + 30_000, 'b')).toEqual([]);
    // The holder died after its last renewal: taken over once that lease ran out, and the dead
    // holder's claim no longer renews anything.
    expect((await claim(T0 + 35_001, 'b')).map((t) => t.key)).toEqual(['slow']);
    expect(await queue.renew({ timers: held, leaseUntil: iso(T0 + 50_000) })).toEqual([]);
  });
});
