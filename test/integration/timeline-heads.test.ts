import { describe, expect, it } from 'vitest';
import { sqlStore } from '../../src/adapters/db/sql-store';
import { systemClock } from '../../src/app/ports/clock';
import { verifyChain } from '../../src/domain/timeline/timeline-entry';
import { freshDatabases } from '../support/fresh-database';
import { dialects } from '../support/dialects';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const entry = (text: string, s = 0) => ({ at: at(s), actor: { kind: 'tocsin' as const, id: 'tocsin' }, kind: 'note' as const, text });

// The timeline repo remembers each incident's head within one job; these check that memory never
// outlives the job it belongs to.
describe.each(dialects)('timeline heads on $name', (dialect) => {
  const { open } = freshDatabases(dialect);

  it('chains jobs that append to one incident, batched together, with one failing half way', async () => {
    const db = await open();
    const store = sqlStore(db, systemClock);
    const inc = await store.transaction((tx) => tx.incidents.create({ title: 't', severity: 'sev3', serviceId: null, dedupKey: 'k', integrationId: null, escalationPolicy: null, createdAt: at(0) }));
    const results = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.timeline.append(inc.id, entry('a1', 1));
        await tx.timeline.append(inc.id, entry('a2', 1));
      }),
      store.transaction(async (tx) => {
        await tx.timeline.append(inc.id, entry('rolled back', 2));
        throw new Error('boom');
      }),
      store.transaction(async (tx) => {
        await tx.timeline.append(inc.id, entry('c1', 3));
        await tx.timeline.append(inc.id, entry('c2', 4));
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const list = await store.read.timeline.list(inc.id);
    expect(list.map((e) => e.text).sort()).toEqual(['a1', 'a2', 'c1', 'c2']);
    expect(verifyChain(list)).toEqual({ ok: true, entries: 4 });
    const row = await db.kysely.selectFrom('incidents').select('last_activity_at').where('id', '=', inc.id).executeTakeFirstOrThrow();
    expect([at(1), at(4)]).toContain(row.last_activity_at);
    if (db.dialect === 'sqlite') expect(row.last_activity_at).toBe(at(4));
  });
});
