import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/adapters/db/connect';
import { migrateToLatest } from '../../src/adapters/db/migrate';
import { postgresAvailable } from '../support/dialects';

// Replicas start at the same moment (a deployment rolls them out together) and each creates the
// schema named in DATABASE_URL and migrates it. CREATE SCHEMA IF NOT EXISTS races with itself in
// PostgreSQL: CI once saw a replica die at start with a unique violation on pg_namespace.
describe.skipIf(!postgresAvailable)('PostgreSQL: replicas starting together on a new schema', () => {
  it('every one connects and migrates, and the schema holds one set of tables', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const url = new URL(process.env.TEST_POSTGRES_URL!);
    url.searchParams.set('schema', schema);
    const dbs = await Promise.all(Array.from({ length: 8 }, () => connect(url.toString())));
    try {
      await Promise.all(dbs.map((db) => migrateToLatest(db.kysely, schema)));
      const counter = await dbs[0]!.kysely.selectFrom('counters').select('value').where('name', '=', 'incident').execute();
      expect(counter).toEqual([{ value: 0 }]);
    } finally {
      await dbs[0]!.kysely.schema.dropSchema(schema).cascade().execute();
      await Promise.all(dbs.map((db) => db.close()));
    }
  });
});
