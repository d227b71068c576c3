import type { Kysely } from 'kysely';
import type { RequestSignatures } from '../../app/ports/request-signatures';
import type { Database } from './schema';

/** `slack_request_signatures`: the primary key on the digest decides which of two racing copies is first. */
export function slackSignaturesRepo(db: Kysely<Database>): RequestSignatures {
  return {
    async firstUse(digest, expiresAt) {
      const r = await db
        .insertInto('slack_request_signatures')
        .values({ digest, expires_at: expiresAt })
        .onConflict((oc) => oc.column('digest').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async purgeExpired(before) {
      const r = await db.deleteFrom('slack_request_signatures').where('expires_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
