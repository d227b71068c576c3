import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { catalogSnapshots } from '../../src/adapters/db/catalog-snapshot';
import { catalogRepo } from '../../src/adapters/db/catalog-repo';
import { sqlStore } from '../../src/adapters/db/sql-store';
import { systemClock } from '../../src/app/ports/clock';
import { route } from '../../src/domain/routing/route';
import { freshDatabases } from '../support/fresh-database';
import { dialects } from '../support/dialects';

const service = (id: string, autoResolve: boolean) => ({ id, autoResolve, captureMessages: 'none', chat: [] });

describe.each(dialects)('catalog snapshot on $name', (dialect) => {
  const { open } = freshDatabases(dialect);

  it('answers from memory until the TTL passes, and hands out frozen records', async () => {
    const db = await open();
    let nowMs = 0;
    const snapshots = catalogSnapshots({ ttlMs: 5_000, nowMs: () => nowMs });
    const catalog = snapshots.catalog(catalogRepo(db.kysely), db.kysely, () => false);
    const writer = sqlStore(db, systemClock).read.policy;
    await writer.upsertObject('service', 'web', 0, service('web', true));
    expect((await catalog.service('web'))?.autoResolve).toBe(true);

    // Written behind this snapshot's back (another replica's `tocsin apply`): unseen until the TTL.
    await sql`UPDATE policy_objects SET definition = ${JSON.stringify(service('web', false))} WHERE id = 'web'`.execute(db.kysely);
    nowMs = 4_999;
    expect((await catalog.service('web'))?.autoResolve).toBe(true);
    nowMs = 5_000;
    const fresh = await catalog.service('web');
    expect(fresh?.autoResolve).toBe(false);
    expect(Object.isFrozen(fresh)).toBe(true);
    expect(() => ((fresh as { autoResolve: boolean }).autoResolve = true)).toThrow();
  });

  it('routes with regex matchers from the frozen snapshot, again and again', async () => {
    const db = await open();
    const catalog = catalogSnapshots({ nowMs: () => 0 }).catalog(catalogRepo(db.kysely), db.kysely, () => false);
    await sqlStore(db, systemClock).read.policy.upsertObject('route', 'r0', 0, { match: ['severity=~"(?i)crit.*"', 'team!~"test-.*"'], service: 'web' });
    const routes = await catalog.routes();
    expect(Object.isFrozen(routes[0]?.match?.[0])).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(route(await catalog.routes(), { severity: 'CRITICAL', team: 'payments' })?.serviceId).toBe('web');
      expect(route(await catalog.routes(), { severity: 'critical', team: 'test-1' })).toBeUndefined();
    }
  });

  it('sees a policy write through the store at once, in the next transaction and in the same batch', async () => {
    const db = await open();
    const store = sqlStore(db, systemClock);
    expect(await store.transaction((tx) => tx.catalog.service('web'))).toBeUndefined();
    await store.transaction((tx) => tx.policy.upsertObject('service', 'web', 0, service('web', true)));
    expect((await store.transaction((tx) => tx.catalog.service('web')))?.autoResolve).toBe(true);
    expect((await store.read.catalog.service('web'))?.autoResolve).toBe(true);

    // Queued together, SQLite runs them in order in one batch: the reader after the writer sees its
    // write. (PostgreSQL runs each in its own transaction, concurrently: no order to check.)
    if (db.dialect !== 'sqlite') return;
    const [, , seen] = await Promise.all([
      store.transaction((tx) => tx.catalog.services()),
      store.transaction((tx) => tx.policy.upsertObject('service', 'web', 0, service('web', false))),
      store.transaction((tx) => tx.catalog.service('web')),
    ]);
    expect(seen?.autoResolve).toBe(false);
    expect((await store.read.catalog.service('web'))?.autoResolve).toBe(false);
  });

  it('forgets a policy write that rolled back', async () => {
    const db = await open();
    const store = sqlStore(db, systemClock);
    await store.transaction((tx) => tx.policy.upsertObject('service', 'web', 0, service('web', true)));
    const results = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.policy.upsertObject('service', 'web', 0, service('web', false));
        expect((await tx.catalog.service('web'))?.autoResolve).toBe(false);
        throw new Error('apply failed half way');
      }),
      store.transaction((tx) => tx.catalog.service('web')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((results[1] as PromiseFulfilledResult<{ autoResolve: boolean } | undefined>).value?.autoResolve).toBe(true);
    expect((await store.transaction((tx) => tx.catalog.service('web')))?.autoResolve).toBe(true);
  });

  it('keeps a snapshot loaded while a write committed elsewhere out of the cache', async () => {
    const db = await open();
    const snapshots = catalogSnapshots({ ttlMs: 60_000, nowMs: () => 0 });
    const catalog = snapshots.catalog(catalogRepo(db.kysely), db.kysely, () => false);
    const pending = catalog.services();
    snapshots.invalidate();
    await pending;
    await sqlStore(db, systemClock).read.policy.upsertObject('service', 'late', 0, service('late', true));
    expect((await catalog.services()).map((s) => s.id)).toEqual(['late']);
  });
});
