import { sql, type Kysely, type Selectable } from 'kysely';
import type { OutboxOutcome, OutboxQueue } from '../../app/ports/outbox-queue';
import type { PendingMessage } from '../../app/ports/outbox';
import type { Db } from './connect';
import { prepare } from './prepared';
import type { Database, OutboxTable } from './schema';

function toPending(r: Selectable<OutboxTable>): PendingMessage {
  return {
    id: Number(r.id),
    platform: r.platform,
    priority: Number(r.priority),
    orderingKey: r.ordering_key,
    kind: r.kind,
    payload: JSON.parse(r.payload),
    ...(r.dedup_key ? { dedupKey: r.dedup_key } : {}),
    availableAt: r.available_at,
    attempts: Number(r.attempts),
    createdAt: r.created_at,
  };
}

// The outcomes, prepared once per dialect (prepared.ts): a drained backlog settles every row.
// Each gives up the lease and is written only while this worker still holds it.
const guarded = { claimed_by: null, claimed_until: null } as const;
const delivered = prepare((db, a: { id: number; worker: string; at: string; result: string | null }) =>
  db.updateTable('outbox').set({ ...guarded, delivered_at: a.at, last_error: null, result: a.result }).where('id', '=', a.id).where('claimed_by', '=', a.worker),
);
const retry = prepare((db, a: { id: number; worker: string; availableAt: string; error: string }) =>
  db.updateTable('outbox').set((eb) => ({ ...guarded, available_at: a.availableAt, last_error: a.error, attempts: eb('attempts', '+', 1) })).where('id', '=', a.id).where('claimed_by', '=', a.worker),
);
const deferred = prepare((db, a: { id: number; worker: string; availableAt: string; reason: string }) =>
  db.updateTable('outbox').set({ ...guarded, available_at: a.availableAt, last_error: a.reason }).where('id', '=', a.id).where('claimed_by', '=', a.worker),
);
const failed = prepare((db, a: { id: number; worker: string; at: string; error: string }) =>
  db.updateTable('outbox').set((eb) => ({ ...guarded, failed_at: a.at, last_error: a.error, attempts: eb('attempts', '+', 1) })).where('id', '=', a.id).where('claimed_by', '=', a.worker),
);

function writeOutcome(db: Kysely<Database>, worker: string, o: OutboxOutcome) {
  const c = outcomeColumns(o);
  switch (o.kind) {
    case 'delivered':
      return delivered.execute(db, { id: o.id, worker, at: o.at, result: c.result });
    case 'retry':
      return retry.execute(db, { id: o.id, worker, availableAt: o.availableAt, error: c.error! });
    case 'deferred':
      return deferred.execute(db, { id: o.id, worker, availableAt: o.availableAt, reason: c.error! });
    case 'failed':
      return failed.execute(db, { id: o.id, worker, at: o.at, error: c.error! });
  }
}

/** The values an outcome writes (errors clipped, results as JSON), for both ways of settling. */
function outcomeColumns(o: OutboxOutcome): { at: string | null; availableAt: string | null; error: string | null; result: string | null } {
  switch (o.kind) {
    case 'delivered':
      return { at: o.at, availableAt: null, error: null, result: o.result === undefined ? null : JSON.stringify(o.result) };
    case 'retry':
      return { at: null, availableAt: o.availableAt, error: o.error.slice(0, 2_000), result: null };
    case 'deferred':
      return { at: null, availableAt: o.availableAt, error: o.reason.slice(0, 2_000), result: null };
    case 'failed':
      return { at: o.at, availableAt: null, error: o.error.slice(0, 2_000), result: null };
  }
}

/**
 * A batch of outcomes on PostgreSQL as one statement: a row per statement cost a round trip each
 * (a settled batch of 100 took ~70 ms). The same columns as `writeOutcome`, guarded the same way;
 * answers the ids this worker still held.
 */
async function settleInOneStatement(db: Kysely<Database>, worker: string, outcomes: readonly OutboxOutcome[]): Promise<Set<number>> {
  const values = outcomes.map((o) => {
    const c = outcomeColumns(o);
    return sql`(${o.id}::integer, ${o.kind}::text, ${c.at}::text, ${c.availableAt}::text, ${c.error}::text, ${c.result}::text)`;
  });
  const { rows } = await sql<{ id: number }>`
    UPDATE outbox AS o SET
      claimed_by = NULL, claimed_until = NULL,
      delivered_at = CASE WHEN v.kind = 'delivered' THEN v.at ELSE o.delivered_at END,
      failed_at = CASE WHEN v.kind = 'failed' THEN v.at ELSE o.failed_at END,
      available_at = CASE WHEN v.kind IN ('retry', 'deferred') THEN v.available_at ELSE o.available_at END,
      last_error = v.error,
      result = CASE WHEN v.kind = 'delivered' THEN v.result ELSE o.result END,
      attempts = o.attempts + CASE WHEN v.kind IN ('retry', 'failed') THEN 1 ELSE 0 END
    FROM (VALUES ${sql.join(values)}) AS v(id, kind, at, available_at, error, result)
    WHERE o.id = v.id AND o.claimed_by = ${worker}
    RETURNING o.id`.execute(db);
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * The outbox as a work queue (docs/adr/0002-outbox.md). A claim is one statement: on PostgreSQL
 * `FOR UPDATE SKIP LOCKED` lets replicas scan at once without taking each other's rows; SQLite has
 * a single writer, so the statement alone serialises claims. Outcomes are written only by the lease
 * holder (`claimed_by` = worker), so a worker that lost its lease cannot undo the work of the one
 * that took over; a batch of them is one transaction, so one commit (one fsync on SQLite).
 */
export function outboxQueue(db: Db): OutboxQueue {
  const k = db.kysely;
  return {
    async claim({ platform, worker, now, leaseUntil, limit, minPriority }) {
      // Walks the rows still to deliver, highest priority first and then in id order (index
      // `outbox_open_priority`), and stops after `limit` heads, however long the backlog behind them.
      let heads = k
        .selectFrom('outbox as o')
        .select('o.id')
        .where('o.platform', '=', platform)
        .where('o.priority', '>=', minPriority ?? 0)
        .where('o.delivered_at', 'is', null)
        .where('o.failed_at', 'is', null)
        .where('o.available_at', '<=', now)
        .where((eb) => eb.or([eb('o.claimed_until', 'is', null), eb('o.claimed_until', '<', now)]))
        // Order per key: only the oldest row of its key still to deliver (claimed, waiting for a
        // retry, or just queued) is offered. A correlated min() rather than NOT EXISTS: PostgreSQL
        // plans it as one index probe per row even before the table has statistics; as an
        // anti-join it read the whole index once per row then (0.5 s a claim at 5,000 rows).
        .where('o.id', '=', ({ selectFrom }) =>
          selectFrom('outbox as p').select(({ fn }) => fn.min('p.id').as('head')).whereRef('p.ordering_key', '=', 'o.ordering_key').where('p.delivered_at', 'is', null).where('p.failed_at', 'is', null),
        )
        .orderBy('o.priority', 'desc')
        .orderBy('o.id')
        .limit(limit);
      if (db.dialect === 'postgres') heads = heads.forUpdate().skipLocked();
      const rows = await k.updateTable('outbox').set({ claimed_by: worker, claimed_until: leaseUntil }).where('id', 'in', heads).returningAll().execute();
      // RETURNING promises no order.
      return rows.map(toPending).sort((a, b) => b.priority - a.priority || a.id - b.id);
    },
    async renew({ worker, ids, leaseUntil }) {
      if (ids.length === 0) return [];
      // By primary key and holder: a row another worker claimed after our lease ran out, or that
      // we settled meanwhile (claimed_by cleared), is not ours to extend.
      const rows = await k.updateTable('outbox').set({ claimed_until: leaseUntil }).where('id', 'in', [...ids]).where('claimed_by', '=', worker).returning('id').execute();
      return rows.map((r) => Number(r.id));
    },
    async settle(worker, outcomes) {
      if (outcomes.length === 0) return [];
      if (db.dialect === 'postgres') {
        const held = await settleInOneStatement(k, worker, outcomes);
        return outcomes.map((o) => held.has(o.id));
      }
      // SQLite runs in-process: a statement per row costs no round trip, and one transaction one fsync.
      return k.transaction().execute(async (trx) => {
        const held: boolean[] = [];
        for (const o of outcomes) held.push(Number((await writeOutcome(trx, worker, o)).numAffectedRows ?? 0) > 0);
        return held;
      });
    },
  };
}
