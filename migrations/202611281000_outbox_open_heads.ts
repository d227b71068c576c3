import { type Kysely, sql } from 'kysely';

// Frozen in time: typed Kysely<any>. The claim (docs/adr/0002-outbox.md) offers the oldest due
// heads of each ordering key, in id order. Scanning by due time (`outbox_due`) made it read and
// sort every due row of the backlog on every claim; walking the rows still to deliver in id order
// lets it stop after `limit` heads. The ordering check keeps `outbox_open_by_key`.
//
// The outbox is written on the webhook path, so the indexes the claim no longer uses go:
// `outbox_pending` and `outbox_ordering` also covered the delivered history, which only grows.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('outbox_open')
    .on('outbox')
    .columns(['platform', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
  for (const name of ['outbox_due', 'outbox_pending', 'outbox_ordering']) await db.schema.dropIndex(name).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
