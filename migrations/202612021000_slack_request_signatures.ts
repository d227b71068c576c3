import type { Kysely } from 'kysely';

// Frozen in time: typed Kysely<any>. Slack signs `v0:<timestamp>:<body>` and a signed request stays
// valid for five minutes, so the same request posted twice inside that window (an attacker who saw
// it, or a proxy sending it again) passed the signature check twice: two notes from one command.
// Each accepted signature is remembered here, in the database so that every replica sees it; the
// primary key decides which of two racing copies is the first. `expires_at` is when Slack's window
// for the request closes; rows well past it are pruned.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('slack_request_signatures')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('slack_request_signatures_expiry').on('slack_request_signatures').column('expires_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
