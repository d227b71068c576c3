import { type Kysely, sql } from 'kysely';

// Frozen in time: typed Kysely<any>. The claim (docs/adr/0003-exactly-once-timers.md) takes the
// `limit` earliest unfired timers `ORDER BY due_at, key`. `timers_due (fired_at, due_at)` gave
// them in due order but not key order within a due time, so SQLite sorted every due row
// ("USE TEMP B-TREE FOR LAST TERM OF ORDER BY", 4 ms a claim with 12,000 timers due at once)
// and PostgreSQL read and sorted all of them (10 ms). An index in the claim's own order, over the
// unfired rows only, lets both stop after `limit` rows; it also stays the size of what is still
// to fire while fired history grows.
//
// Pruning reads fired rows by `fired_at`, so they get their own partial index: every row is in
// exactly one of the two, where `timers_due` held every row.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('timers_open_due').on('timers').columns(['due_at', 'key']).where(sql.ref('fired_at'), 'is', null).execute();
  await db.schema.createIndex('timers_fired').on('timers').column('fired_at').where(sql.ref('fired_at'), 'is not', null).execute();
  await db.schema.dropIndex('timers_due').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
