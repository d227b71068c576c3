import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { TimerRepo } from '../../app/ports/timers';
import { prepare } from './prepared';
import type { Database } from './schema';

// Prepared once per dialect (see prepared.ts): opening, acknowledging and resolving run these.
const schedule = prepare(
  (db, a: { key: string; kind: string; dueAt: string; payload: string; createdAt: string }) =>
    db
      .insertInto('timers')
      .values({ key: a.key, kind: a.kind, due_at: a.dueAt, payload: a.payload, created_at: a.createdAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ kind: a.kind, due_at: a.dueAt, payload: a.payload, fired_at: null, claimed_by: null, claimed_until: null })),
);
// Cancelled timers are deleted, not marked: a timer row only means "still to fire". The keys that
// start with a prefix are one stretch of the primary key, found without reading the table (it keeps
// fired history): on SQLite, from the prefix up to the prefix followed by the byte 0xFF, which no
// UTF-8 text holds, so every key with the prefix sorts below it and no other key sorts between;
// on PostgreSQL, `LIKE 'prefix%'` (wildcards escaped), which the planner turns into that stretch
// because the column sorts by bytes (collation "C", migration 202611281110) and then checks exactly.
const cancelPrefix = prepare((db, a: { prefix: string; pattern: string }) => {
  const unfired = db.deleteFrom('timers').where('fired_at', 'is', null);
  if (db.getExecutor().adapter instanceof PostgresAdapter) return unfired.where('key', 'like', a.pattern);
  return unfired.where('key', '>=', a.prefix).where('key', '<', sql<string>`${a.prefix} || x'FF'`);
});
/** `prefix%` as a LIKE pattern matching exactly the strings that start with `prefix`. */
const startsWithPattern = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
const find = prepare((db, a: { key: string }) => db.selectFrom('timers').select(['key', 'kind', 'due_at', 'payload', 'fired_at']).where('key', '=', a.key));
// The single point where a timer fires: the row lock this UPDATE takes (PostgreSQL) or the single
// writer (SQLite) orders it against a cancel, a reschedule or another replica's claim. `schedule`
// clears claimed_by, so a timer replaced after it was claimed no longer matches.
const markFired = prepare(
  (db, a: { key: string; claim: string; at: string }) => db.updateTable('timers').set({ fired_at: a.at, claimed_by: null, claimed_until: null }).where('key', '=', a.key).where('claimed_by', '=', a.claim).where('fired_at', 'is', null),
);

export function timerRepo(db: Kysely<Database>, now: () => string): TimerRepo {
  return {
    async schedule(t) {
      await schedule.execute(db, { key: t.key, kind: t.kind, dueAt: t.dueAt, payload: JSON.stringify(t.payload), createdAt: now() });
    },
    async cancelPrefix(prefix) {
      const r = await cancelPrefix.execute(db, { prefix, pattern: startsWithPattern(prefix) });
      return Number(r.numAffectedRows);
    },
    async find(key) {
      const r = await find.first(db, { key });
      return r ? { key: r.key, kind: r.kind, dueAt: r.due_at, payload: JSON.parse(r.payload), firedAt: r.fired_at } : undefined;
    },
    async markFired(key, claim, at) {
      const r = await markFired.execute(db, { key, claim, at });
      return Number(r.numAffectedRows) === 1;
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
