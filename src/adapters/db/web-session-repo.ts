import type { Kysely } from 'kysely';
import type { SignInVia, WebSessionRepo } from '../../app/ports/web-sessions';
import type { Database } from './schema';

/** `login_tokens` and `web_sessions`: sign-in links and signed-in browsers, by the SHA-256 of their secrets. */
export function webSessionRepo(db: Kysely<Database>): WebSessionRepo {
  return {
    async saveLoginToken(tokenHash, r) {
      await db.insertInto('login_tokens').values({ token_hash: tokenHash, person_id: r.personId, created_at: r.createdAt, expires_at: r.expiresAt, used_at: null }).execute();
    },
    async findLoginToken(tokenHash) {
      const r = await db.selectFrom('login_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && { personId: r.person_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at };
    },
    async useLoginToken(tokenHash, at) {
      const r = await db.updateTable('login_tokens').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async saveSession(idHash, r) {
      await db.insertInto('web_sessions').values({ id_hash: idHash, person_id: r.personId, via: r.via, created_at: r.createdAt, expires_at: r.expiresAt }).execute();
    },
    async findSession(idHash) {
      const r = await db.selectFrom('web_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return r && { personId: r.person_id, via: r.via as SignInVia, createdAt: r.created_at, expiresAt: r.expires_at };
    },
    async endSession(idHash) {
      await db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute();
    },
    async purgeExpired(before) {
      await db.deleteFrom('web_sessions').where('expires_at', '<', before).execute();
      await db.deleteFrom('login_tokens').where('expires_at', '<', before).execute();
    },
  };
}
