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
    async find(key) {
      const r = await db.selectFrom('timers').select(['key', 'kind', 'due_at', 'payload', 'fired_at']).where('key', '=', key).executeTakeFirst();
      return r ? { key: r.key, kind: r.kind, dueAt: r.due_at, payload: JSON.parse(r.payload), firedAt: r.fired_at } : undefined;
    },
    async markFired(key, claim, at) {
      // The single point where a timer fires: the row lock this UPDATE takes (PostgreSQL) or the
      // single writer (SQLite) orders it against a cancel, a reschedule or another replica's claim.
      // `schedule` clears claimed_by, so a timer replaced after it was claimed no longer matches.
      const r = await db.updateTable('timers').set({ fired_at: at, claimed_by: null, claimed_until: null }).where('key', '=', key).where('claimed_by', '=', claim).where('fired_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async recordRun(series, period, at) {
      const r = await db.insertInto('summary_posts').values({ summary_id: series, period_key: period, posted_at: at }).onConflict((oc) => oc.columns(['summary_id', 'period_key']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async lastRun(series) {
      const r = await db.selectFrom('summary_posts').select(['period_key', 'posted_at']).where('summary_id', '=', series).orderBy('posted_at', 'desc').limit(1).executeTakeFirst();
      return r ? { period: r.period_key, at: r.posted_at } : undefined;
    },
  };
}
