import type { Kysely } from 'kysely';
import type { ChatRefs } from '../../app/ports/chat-refs';
import type { Database } from './schema';

/** `chat_refs` as a key-value store per platform; every write is its own durable commit. */
export function chatRefsRepo(db: Kysely<Database>, now: () => string): ChatRefs {
  return {
    async get(platform, key) {
      const r = await db.selectFrom('chat_refs').select('value').where('platform', '=', platform).where('key', '=', key).executeTakeFirst();
      return r?.value;
    },
    async set(platform, key, value) {
      const at = now();
      await db
        .insertInto('chat_refs')
        .values({ platform, key, value, updated_at: at })
        .onConflict((oc) => oc.columns(['platform', 'key']).doUpdateSet({ value, updated_at: at }))
        .execute();
    },
  };
}
