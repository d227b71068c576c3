import type { Kysely } from 'kysely';
import type { AckChannel, AckTokenRepo } from '../../app/ports/ack-tokens';
import type { Database } from './schema';

/** `ack_tokens`: one-click acknowledge links, by the SHA-256 of their token. */
export function ackTokenRepo(db: Kysely<Database>): AckTokenRepo {
  return {
    async save(tokenHash, r) {
      await db.insertInto('ack_tokens').values({ token_hash: tokenHash, incident_id: r.incidentId, person_id: r.personId, channel: r.channel, created_at: r.createdAt, expires_at: r.expiresAt, used_at: null }).execute();
    },
    async find(tokenHash) {
      const r = await db.selectFrom('ack_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && { incidentId: Number(r.incident_id), personId: r.person_id, channel: r.channel as AckChannel, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at };
    },
    async markUsed(tokenHash, at) {
      const r = await db.updateTable('ack_tokens').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
