import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: typed Kysely<any>. Acknowledging and resolving cancel an incident's timers by key
// prefix (`incident:12:`). PostgreSQL turns `key LIKE 'incident:12:%'` into a range of the primary
// key only when the column sorts by bytes: under a linguistic collation (a database created with
// en_US.UTF-8, say) punctuation and case sort by other rules, and every cancel read the whole
// table, fired history included. Timer keys are identifiers, not words, so the column takes the
// "C" collation; ties in the claim's `ORDER BY due_at, key` now sort as on SQLite, whose BINARY
// collation already compares bytes (nothing to do there). Changing the collation rebuilds the
// indexes on `key`; the rows are not rewritten.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.schema
    .alterTable('timers')
    .alterColumn('key', (c) => c.setDataType(sql`text collate "C"`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
