import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * The secret named `name`, made (32 random bytes) and stored the first time it is asked for. Every
 * replica asks at start; whichever inserts first wins and the others read its value back, so they
 * all sign and check with the same key.
 */
export async function serverSecret(db: Kysely<Database>, name: string, now: Date): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
