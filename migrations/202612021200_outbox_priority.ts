import { type Kysely, sql } from 'kysely';

// Frozen in time: typed Kysely<any>. Pages before everything (docs/adr/0008-page-first-outbox.md):
// each outbox row has a priority, and the claim offers the heads of the ordering keys highest
// priority first, then in id order. A page (priority 10) is claimed before any channel creation,
// announcement or update waiting in the same platform's backlog; everything else stays 0.
//
// `outbox_open_priority` is what the claim walks now (platform, priority first, then id), partial
// like `outbox_open`, which it replaces: the outbox is written on the webhook path, so an index the
// claim no longer uses goes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createIndex('outbox_open_priority')
    .on('outbox')
    .columns(['platform', 'priority desc', 'id'])
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
  await db.schema.dropIndex('outbox_open').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
