import { type Kysely, sql } from 'kysely';
import type { TimerRepo } from '../../app/ports/timers';
import type { Database } from './schema';

export function timerRepo(db: Kysely<Database>, now: () => string): TimerRepo {
  return {
    async schedule(t) {
      const payload = JSON.stringify(t.payload);
      await db
        .insertInto('timers')
        .values({ key: t.key, kind: t.kind, due_at: t.dueAt, payload, created_at: now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ kind: t.kind, due_at: t.dueAt, payload, fired_at: null, claimed_by: null, claimed_until: null }))
        .execute();
    },
    async cancelPrefix(prefix) {
      // Cancelled timers are deleted, not marked: a timer row only means "still to fire".
      const r = await db.deleteFrom('timers').where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix).where('fired_at', 'is', null).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
