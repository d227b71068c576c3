import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect } from '../../../src/adapters/db/connect';
import { migrateToLatest } from '../../../src/adapters/db/migrate';
import { param, prepare } from '../../../src/adapters/db/prepared';
import { sqlStore } from '../../../src/adapters/db/sql-store';
import { systemClock } from '../../../src/app/ports/clock';
import { postgresAvailable, postgresCase, type DialectCase } from '../../support/dialects';
import { freshDatabases } from '../../support/fresh-database';

/** An in-memory SQLite database, migrated; PostgreSQL in a throw-away schema when TEST_POSTGRES_URL is set. */
const sqliteMemory: DialectCase = {
  name: 'sqlite',
  async open() {
    const db = await connect('sqlite::memory:');
    await migrateToLatest(db.kysely);
    return { db, url: 'sqlite::memory:', cleanup: () => db.close() };
  },
};
const cases: readonly DialectCase[] = postgresAvailable ? [sqliteMemory, postgresCase] : [sqliteMemory];

const AT = '2026-03-02T10:00:00.000Z';

// Module level, as in the repositories: one template per dialect, shared by every test below.
const insertIncident = prepare((db, a: { number: number; title: string; at: string }) =>
  // `a.at` twice, 'sev3' and 'triggered' inline constants.
  db.insertInto('incidents').values({ number: a.number, title: a.title, severity: 'sev3', status: 'triggered', created_at: a.at, last_activity_at: a.at }).returning(['id', 'number']),
);
const byNumber = prepare((db, a: { number: number }) => db.selectFrom('incidents').selectAll().where('number', '=', a.number));
const acknowledge = prepare((db, a: { number: number; by: string; at: string }) =>
  db.updateTable('incidents').set({ status: 'acknowledged', acknowledged_by: a.by, acknowledged_at: a.at, last_activity_at: a.at }).where('number', '=', a.number),
);
/** `param()` and the same name twice in one WHERE. */
const between = prepare((db) =>
  db.selectFrom('incidents').select('number').where('number', '>=', param<number>('n')).where('number', '<=', param<number>('n')).where('severity', '=', 'sev3').orderBy('number'),
);

describe.each(cases)('prepared queries on $name', (dialect) => {
  const databases = freshDatabases(dialect);
  const withoutIds = <T extends { id: unknown; number: unknown }>(r: T) => ({ ...r, id: 0, number: 0 });

  it('insert, select and update give what the built query gives', async () => {
    const { kysely } = await databases.open();
    const inserted = await insertIncident.firstOrThrow(kysely, { number: 1, title: 'Disk full', at: AT });
    const built = await kysely
      .insertInto('incidents')
      .values({ number: 2, title: 'Disk full', severity: 'sev3', status: 'triggered', created_at: AT, last_activity_at: AT })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    expect(Number(inserted.number)).toBe(1);
    expect(Number(built.id)).toBe(Number(inserted.id) + 1);

    const prepared1 = await byNumber.rows(kysely, { number: 1 });
    expect(prepared1).toEqual(await kysely.selectFrom('incidents').selectAll().where('number', '=', 1).execute());
    expect(prepared1.map(withoutIds)).toEqual((await byNumber.rows(kysely, { number: 2 })).map(withoutIds));
    expect(await byNumber.rows(kysely, { number: 3 })).toEqual([]);

    const later = '2026-03-02T10:05:00.000Z';
    const updated = await acknowledge.execute(kysely, { number: 1, by: 'alice', at: later });
    const builtUpdate = await kysely.updateTable('incidents').set({ status: 'acknowledged', acknowledged_by: 'alice', acknowledged_at: later, last_activity_at: later }).where('number', '=', 2).executeTakeFirst();
    expect(updated.numAffectedRows).toBe(1n);
    expect(builtUpdate.numUpdatedRows).toBe(1n);
    const [one, two] = [await byNumber.firstOrThrow(kysely, { number: 1 }), await byNumber.firstOrThrow(kysely, { number: 2 })];
    expect(one).toMatchObject({ status: 'acknowledged', acknowledged_by: 'alice', acknowledged_at: later, last_activity_at: later, created_at: AT });
    expect(withoutIds(one)).toEqual(withoutIds(two));
    expect((await acknowledge.execute(kysely, { number: 99, by: 'alice', at: later })).numAffectedRows).toBe(0n);
  });

  it('binds a name used twice to each of its places, and keeps inline constants between calls', async () => {
    const { kysely } = await databases.open();
    for (const [number, title] of [[1, 'a'], [2, 'b'], [3, 'c']] as const) await insertIncident.execute(kysely, { number, title, at: `2026-03-02T10:0${number}:00.000Z` });
    await kysely.updateTable('incidents').set({ severity: 'sev1' }).where('number', '=', 3).execute();
    // created_at and last_activity_at both came from `a.at`.
    expect(await kysely.selectFrom('incidents').select(['created_at', 'last_activity_at', 'status']).orderBy('number').execute()).toEqual(
      [1, 2, 3].map((n) => ({ created_at: `2026-03-02T10:0${n}:00.000Z`, last_activity_at: `2026-03-02T10:0${n}:00.000Z`, status: 'triggered' })),
    );
    expect((await between.rows(kysely, { n: 2 })).map((r) => Number(r.number))).toEqual([2]);
    expect((await between.rows(kysely, { n: 1 })).map((r) => Number(r.number))).toEqual([1]);
    expect(await between.rows(kysely, { n: 3 })).toEqual([]); // severity = 'sev3' stayed in the query
  });

  it('refuses a call with an argument missing (null is a value, undefined is not)', async () => {
    const { kysely } = await databases.open();
    // @ts-expect-error the argument types are checked at compile time too
    await expect(insertIncident.execute(kysely, { number: 1, title: 'x' })).rejects.toThrow('prepared query: no value for at');
    await expect(between.rows(kysely, {})).rejects.toThrow('no value for n');
    await expect(byNumber.first(kysely, { number: undefined as unknown as number })).rejects.toThrow('no value for number');
    expect(await kysely.selectFrom('incidents').select('id').execute()).toEqual([]);
    await insertIncident.execute(kysely, { number: 1, title: 'x', at: AT });
    const assign = prepare((db, a: { number: number; assignee: string | null }) => db.updateTable('incidents').set({ assignee: a.assignee }).where('number', '=', a.number));
    await assign.execute(kysely, { number: 1, assignee: 'bob' });
    await assign.execute(kysely, { number: 1, assignee: null });
    expect(await byNumber.first(kysely, { number: 1 })).toMatchObject({ assignee: null });
  });

  it('refuses, at the first call, a placeholder that would become a constant', async () => {
    const { kysely } = await databases.open();
    const inline = prepare((db, a: { title: string }) => db.selectFrom('incidents').select('id').where('title', '=', sql.lit(a.title)));
    await expect(inline.rows(kysely, { title: 'x' })).rejects.toThrow('written into the SQL text');
    const computed = prepare((db, a: { title: string }) => db.selectFrom('incidents').select('id').where('title', 'like', `${a.title}%`));
    await expect(computed.rows(kysely, { title: 'x' })).rejects.toThrow('changed before it reached Kysely');
    const lost = prepare((db, a: { number: number }) => db.selectFrom('incidents').select('id').where('number', '=', Number(a.number)));
    await expect(lost.rows(kysely, { number: 1 })).rejects.toThrow('number is not bound as a parameter');
  });

  it('runs in the transaction it is given: a rollback takes its writes away', async () => {
    const { kysely } = await databases.open();
    await expect(
      kysely.transaction().execute(async (trx) => {
        await insertIncident.execute(trx, { number: 1, title: 'rolled back', at: AT });
        expect(await byNumber.first(trx, { number: 1 })).toMatchObject({ title: 'rolled back' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await byNumber.first(kysely, { number: 1 })).toBeUndefined();
    await kysely.transaction().execute((trx) => insertIncident.execute(trx, { number: 1, title: 'kept', at: AT }));
    expect(await byNumber.first(kysely, { number: 1 })).toMatchObject({ title: 'kept' });
  });

  it("runs in the store's group commit: concurrent jobs share a batch, a failing one rolls back alone", async () => {
    const db = await databases.open();
    const store = sqlStore(db, systemClock);
    const job = (i: number) =>
      store.transaction(async (tx) => {
        const incident = await tx.incidents.create({ title: `t${i}`, severity: 'sev3', serviceId: null, dedupKey: `k${i}`, integrationId: null, escalationPolicy: null, createdAt: AT });
        await tx.alerts.insert({ incidentId: incident.id, fingerprint: `f${i}`, status: 'firing', title: `t${i}`, labels: { i: String(i) }, details: {}, links: [], lastSeenAt: AT });
        await tx.timeline.append(incident.id, { at: AT, actor: { kind: 'tocsin', id: 'test' }, kind: 'incident.opened', text: `t${i}` });
        await tx.timers.schedule({ key: `incident:${incident.id}:escalate`, kind: 'timer.escalation_step', dueAt: AT, payload: { i } });
        if (i % 5 === 0) throw new Error(`job ${i} fails`);
        return incident;
      });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => job(i)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([0, 5, 10, 15].map((i) => `Error: job ${i} fails`));
    const kept = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // The failing jobs gave their numbers back: the 16 kept incidents are INC-1..INC-16.
    expect(kept.map((i) => i.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const incident of kept) {
      const stored = await store.read.incidents.byId(incident.id);
      expect(stored).toEqual({ ...incident, alertCount: 1 });
      expect(await store.read.alerts.countFiring(incident.id)).toBe(1);
      expect(await store.read.timers.find(`incident:${incident.id}:escalate`)).toMatchObject({ kind: 'timer.escalation_step', firedAt: null });
      expect((await store.read.timeline.list(incident.id)).map((e) => e.seq)).toEqual([1]);
    }
    expect(Number((await db.kysely.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(16);
    await store.drain();
  });
});

describe.runIf(postgresAvailable)('one prepared query on both dialects in one process', () => {
  it('compiles a template per dialect', async () => {
    const sqlite = await sqliteMemory.open();
    const pg = await postgresCase.open();
    try {
      for (const { db } of [sqlite, pg, sqlite, pg]) {
        const n = Number((await db.kysely.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) + 1;
        await insertIncident.execute(db.kysely, { number: n, title: db.dialect, at: AT });
        expect(await byNumber.first(db.kysely, { number: n })).toMatchObject({ title: db.dialect });
      }
    } finally {
      await sqlite.cleanup();
      await pg.cleanup();
    }
  });
});
