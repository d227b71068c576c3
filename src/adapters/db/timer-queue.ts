import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ClaimedTimer, TimerQueue } from '../../app/ports/timer-queue';
import type { Db } from './connect';

interface Row {
  key: string;
  kind: string;
  due_at: string;
  payload: string;
  fired_at: string | null;
  claimed_by: string;
}

/**
 * Claims due timers with a lease (docs/adr/0003-exactly-once-timers.md).
 *
 * One statement, `UPDATE … WHERE key IN (SELECT … ) RETURNING`, so claiming is atomic on both
 * dialects. On PostgreSQL the inner SELECT takes `FOR UPDATE SKIP LOCKED`: two replicas polling at
 * the same instant each get a disjoint batch instead of queueing on the same rows. SQLite has one
 * writer, so the statement alone is enough there.
 *
 * Why a lease and not a row lock held while the handler runs: the handler's transaction goes
 * through the group-commit store (shared with webhooks), and a lock held across it would tie a
 * connection to the scheduler for the whole batch; a lease also survives a crash without any
 * cleanup (it just expires) and works the same on SQLite. The lease is only an optimisation: the
 * exactly-once guarantee is `TimerRepo.markFired`, run in the same transaction as the effects.
 * The claim token is new for every claim, so a lease that expired and was claimed again (by this
 * replica or another) can never be confused with the earlier one.
 *
 * The inner SELECT walks `timers_open_due (due_at, key) WHERE fired_at IS NULL` in its ORDER BY
 * and stops after `limit` rows (migration 202611281100), however many timers are due.
 */
export function timerQueue(db: Db): TimerQueue {
  const pg = db.dialect === 'postgres';
  return {
    async claimDue({ now, leaseMs, kinds, limit, claimant }) {
      if (kinds.length === 0) return [];
      const at = now.toISOString();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const claim = `${claimant}:${randomUUID()}`;
      const kindList = sql.join(kinds.map((k) => sql`${k}`));
      const lock = pg ? sql`FOR UPDATE SKIP LOCKED` : sql``;
      const result = await sql<Row>`
        UPDATE timers SET claimed_by = ${claim}, claimed_until = ${until}
        WHERE key IN (
          SELECT key FROM timers
          WHERE fired_at IS NULL AND due_at <= ${at} AND (claimed_until IS NULL OR claimed_until < ${at}) AND kind IN (${kindList})
          ORDER BY due_at, key LIMIT ${limit} ${lock}
        )
        RETURNING key, kind, due_at, payload, fired_at, claimed_by`.execute(db.kysely);
      return result.rows
        .map((r): ClaimedTimer => ({ key: r.key, kind: r.kind, dueAt: r.due_at, payload: JSON.parse(r.payload), firedAt: r.fired_at, claim: r.claimed_by }))
        .sort((a, b) => (a.dueAt === b.dueAt ? a.key.localeCompare(b.key) : a.dueAt < b.dueAt ? -1 : 1));
    },
    async renew({ timers, leaseUntil }) {
      if (timers.length === 0) return [];
      // By key (the primary key) and claim token: a timer fired, cancelled or claimed again since is left alone.
      const rows = await db.kysely
        .updateTable('timers')
        .set({ claimed_until: leaseUntil })
        .where('key', 'in', timers.map((t) => t.key))
        .where('claimed_by', 'in', [...new Set(timers.map((t) => t.claim))])
        .where('fired_at', 'is', null)
        .returning('key')
        .execute();
      return rows.map((r) => r.key);
    },
    async pruneFired(before) {
      const r = await db.kysely.deleteFrom('timers').where('fired_at', 'is not', null).where('fired_at', '<', before.toISOString()).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
