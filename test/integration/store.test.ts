import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sqlStore } from '../../src/adapters/db/sql-store';
import { verifyChain } from '../../src/domain/timeline/timeline-entry';
import type { Db } from '../../src/adapters/db/connect';
import { systemClock } from '../../src/app/ports/clock';
import { dialects } from '../support/dialects';

const newIncident = (i: number) => ({ title: `t${i}`, severity: 'sev3' as const, serviceId: null, dedupKey: `k${i}`, integrationId: null, escalationPolicy: null, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() });

describe.each(dialects)('store on $name', (dialect) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });
  async function open(): Promise<Db> {
    const h = await dialect.open();
    cleanup = h.cleanup;
    return h.db;
  }

  it('numbers 200 concurrent incident creations INC-1..INC-200 with no gap or duplicate', async () => {
    const db = await open();
    const store = sqlStore(db, systemClock);
    const created = await Promise.all(Array.from({ length: 200 }, (_, i) => store.transaction((tx) => tx.incidents.create(newIncident(i)))));
    expect(created.map((c) => c.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const rows = await db.kysely.selectFrom('incidents').select('number').execute();
    expect(new Set(rows.map((r) => Number(r.number))).size).toBe(200);
  });

  it('a failing job rolls back alone and gives its number back', async () => {
    const db = await open();
    const store = sqlStore(db, systemClock);
    const results = await Promise.allSettled([
      store.transaction((tx) => tx.incidents.create(newIncident(1))),
      store.transaction(async (tx) => {
        await tx.incidents.create(newIncident(2));
        throw new Error('boom');
      }),
      store.transaction((tx) => tx.incidents.create(newIncident(3))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const numbers = (await db.kysely.selectFrom('incidents').select('number').orderBy('number').execute()).map((r) => Number(r.number));
    expect(numbers).toEqual([1, 2]);
  });

  it('refuses a second open incident for the same dedup key', async () => {
    const db = await open();
    const store = sqlStore(db, systemClock);
    await store.transaction((tx) => tx.incidents.create(newIncident(1)));
    await expect(store.transaction((tx) => tx.incidents.create(newIncident(1)))).rejects.toThrow();
  });

  it('keeps the timeline append-only in the database, and verify catches tampering', async () => {
    const db = await open();
    const store = sqlStore(db, systemClock);
    const inc = await store.transaction((tx) => tx.incidents.create(newIncident(1)));
    for (const text of ['opened', 'paged alice', 'acknowledged']) {
      await store.transaction((tx) => tx.timeline.append(inc.id, { at: '2026-01-01T00:00:00.000Z', actor: { kind: 'tocsin', id: 'tocsin' }, kind: 'note', text }));
    }
    await expect(sql`UPDATE timeline_entries SET text = 'nothing happened'`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM timeline_entries`.execute(db.kysely)).rejects.toThrow(/append-only/);
    expect(verifyChain(await store.read.timeline.list(inc.id))).toEqual({ ok: true, entries: 3 });

    // Someone with owner rights drops the guard and edits a row: the chain no longer holds from there.
    if (db.dialect === 'sqlite') await sql`DROP TRIGGER timeline_no_update`.execute(db.kysely);
    else await sql`DROP TRIGGER timeline_append_only_row ON timeline_entries`.execute(db.kysely);
    await sql`UPDATE timeline_entries SET text = 'nothing happened' WHERE seq = 2`.execute(db.kysely);
    const check = verifyChain(await store.read.timeline.list(inc.id));
    expect(check).toMatchObject({ ok: false, seq: 2 });
  });
});
