import type { Kysely } from 'kysely';

// Frozen in time: typed Kysely<any>. Signing in to the web pages (SPEC "Web pages"):
// - login_tokens: one-time sign-in links (`/oncall web`, `tocsin login-link`). Like ack_tokens, only
//   the SHA-256 of a token is kept, so the table alone signs nobody in; `used_at` makes a link
//   single-use; a link lasts ten minutes (`expires_at`).
// - web_sessions: who a session cookie belongs to, by the SHA-256 of its random id. A row per
//   sign-in so that signing out (deleting the row) ends the session on every replica at once,
//   which a cookie that carried the person alone could not do.
// - server_secrets: secrets Tocsin makes for itself, shared by every replica: the key that signs
//   the session cookies when SESSION_SECRET is unset. The first replica to insert it wins.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('login_tokens_by_expiry').on('login_tokens').column('expires_at').execute();
  await db.schema
    .createTable('web_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('web_sessions_by_expiry').on('web_sessions').column('expires_at').execute();
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
