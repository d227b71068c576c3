import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { postgresAvailable, postgresCase } from './dialects';

// The fast tier reuses each worker's PostgreSQL schemas (pg-schema-template.ts): what one test leaves
// behind must never reach the next.
describe.skipIf(!postgresAvailable)('reused PostgreSQL test schemas', () => {
  it("come back as the template left them: only the template's rows, sequences from 1, the timeline guard on", async () => {
    const first = await postgresCase.open();
    const { schema } = first;
    await sql`UPDATE counters SET value = 41 WHERE name = 'incident'`.execute(first.db.kysely);
    await sql`INSERT INTO counters (name, value) VALUES ('left-behind', 3)`.execute(first.db.kysely);
    await sql`SELECT nextval('incidents_id_seq')`.execute(first.db.kysely);
    const migrated = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM kysely_migration`.execute(first.db.kysely)).rows[0]!.n;
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('209901010000_left_behind', '2099-01-01')`.execute(first.db.kysely);
    await first.cleanup();

    const second = await postgresCase.open();
    try {
      expect(second.schema).toBe(schema);
      const k = second.db.kysely;
      expect((await sql<{ name: string; value: number }>`SELECT name, value FROM counters`.execute(k)).rows).toEqual([{ name: 'incident', value: 0 }]);
      expect((await sql<{ n: string }>`SELECT nextval('incidents_id_seq') AS n`.execute(k)).rows[0]!.n).toBe('1');
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM kysely_migration`.execute(k)).rows[0]!.n).toBe(migrated);
      await expect(sql`TRUNCATE timeline_entries`.execute(k)).rejects.toThrow(/append-only/);
    } finally {
      await second.cleanup();
    }
  });

  it('are dropped, not reused, when a test changed their structure', async () => {
    const first = await postgresCase.open();
    await sql`DROP TRIGGER timeline_append_only_row ON timeline_entries`.execute(first.db.kysely);
    await first.cleanup();

    const second = await postgresCase.open();
    try {
      expect(second.schema).not.toBe(first.schema);
      const gone = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = ${first.schema}`.execute(second.db.kysely);
      expect(gone.rows[0]!.n).toBe(0);
    } finally {
      await second.cleanup();
    }
  });
});
