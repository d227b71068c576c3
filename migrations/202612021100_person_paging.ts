import type { Kysely } from 'kysely';

// Frozen in time: typed Kysely<any>. Paging beyond chat (SPEC "Paging a person"):
// - people gain their contact details for it (phone: E.164, ntfy: a topic) and their personal
//   notification rules (notify, notify_urgent: JSON lists of {afterMs, via}; null = the default);
// - ack_tokens: the one-click acknowledge links sent by email and push. Only the SHA-256 of a token
//   is kept, so the table alone acknowledges nothing; one incident and one person per token;
//   `used_at` makes it single-use; `channel` (email, push) is what the timeline says it came by.

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['phone', 'ntfy', 'notify', 'notify_urgent']) {
    await db.schema.alterTable('people').addColumn(column, 'text').execute();
  }
  await db.schema
    .createTable('ack_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('ack_tokens_by_expiry').on('ack_tokens').column('expires_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
