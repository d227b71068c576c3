import { describe, expect, it } from 'vitest';
import { connect } from '../../../src/adapters/db/connect';
import { migrateToLatest, migrationsCurrent } from '../../../src/adapters/db/migrate';
import { migrations } from '../../../migrations/index';
import { dialects } from '../../support/dialects';

// Start and /readyz ask whether the database is current with one small read of kysely's bookkeeping;
// only a database that is not current goes through kysely's migrator (and its look at every table).
describe.each(dialects)('migrations on $name', (dialect) => {
  it('a current database: nothing to run, and /readyz says current', async () => {
    const { db, schema, cleanup } = await dialect.open();
    try {
      expect(await migrateToLatest(db.kysely, schema)).toEqual([]);
      expect(await migrationsCurrent(db.kysely, schema)).toBe(true);
    } finally {
      await cleanup();
    }
  });

  it('a database a newer Tocsin migrated is refused, not taken as current', async () => {
    const { db, schema, cleanup } = await dialect.open();
    try {
      const k = schema ? db.kysely.withSchema(schema) : db.kysely;
      await k.insertInto('kysely_migration' as never).values({ name: '209901010000_from_the_future', timestamp: new Date().toISOString() } as never).execute();
      await expect(migrateToLatest(db.kysely, schema)).rejects.toThrow(/209901010000_from_the_future/);
      await k.deleteFrom('kysely_migration' as never).where('name' as never, '=', '209901010000_from_the_future' as never).execute();
    } finally {
      await cleanup();
    }
  });
});

describe('migrations on a new SQLite database', () => {
  it('are not current, then all run once', async () => {
    const db = await connect('sqlite::memory:');
    try {
      expect(await migrationsCurrent(db.kysely)).toBe(false);
      expect(await migrateToLatest(db.kysely)).toEqual(Object.keys(migrations));
      expect(await migrationsCurrent(db.kysely)).toBe(true);
    } finally {
      await db.close();
    }
  });
});
