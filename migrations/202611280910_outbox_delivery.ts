import { type Kysely, sql } from 'kysely';

// Frozen in time: typed Kysely<any>. The delivery worker (docs/adr/0002-outbox.md) needs to tell a row
// that was given up on (`failed_at`) from one still to deliver: a failed row must stop blocking the
// rows queued behind it under the same ordering key, yet stay visible for the operator.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('failed_at', 'text').execute();
  // What the worker scans: rows still to deliver, per platform, by due time. Partial, so delivered
  // history does not slow the scan down as it grows.
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['platform', 'available_at'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
  // "Is there an older row of this key still to deliver?": asked for every candidate row.
  await db.schema
    .createIndex('outbox_open_by_key')
    .on('outbox')
    .columns(['ordering_key', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
