import type { Selectable, Updateable } from 'kysely';
import type { OutboxQueue } from '../../app/outbox/outbox-queue';
import type { PendingMessage } from '../../app/ports/outbox';
import type { Db } from './connect';
import type { OutboxTable } from './schema';

function toPending(r: Selectable<OutboxTable>): PendingMessage {
  return {
    id: Number(r.id),
    platform: r.platform,
    orderingKey: r.ordering_key,
    kind: r.kind,
    payload: JSON.parse(r.payload),
    ...(r.dedup_key ? { dedupKey: r.dedup_key } : {}),
    availableAt: r.available_at,
    attempts: Number(r.attempts),
    createdAt: r.created_at,
  };
}

/**
 * The outbox as a work queue (docs/adr/0002-outbox.md). A claim is one statement: on PostgreSQL
 * `FOR UPDATE SKIP LOCKED` lets replicas scan at once without taking each other's rows; SQLite has
 * a single writer, so the statement alone serialises claims. Outcomes are written
 * only by the lease holder (`claimed_by` = worker), so a worker that lost its lease cannot undo the
 * work of the one that took over.
 */
export function outboxQueue(db: Db): OutboxQueue {
  const k = db.kysely;
  const settle = async (id: number, worker: string, set: Updateable<OutboxTable>, countAttempt: boolean): Promise<boolean> => {
    const r = await k
      .updateTable('outbox')
      .set((eb) => ({ ...set, claimed_by: null, claimed_until: null, ...(countAttempt ? { attempts: eb('attempts', '+', 1) } : {}) }))
      .where('id', '=', id)
      .where('claimed_by', '=', worker)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  };

  return {
    async claim({ platform, worker, now, leaseUntil, limit }) {
      // Walks the rows still to deliver in id order (index `outbox_open`) and stops after `limit`
      // heads, however long the backlog behind them.
      let heads = k
        .selectFrom('outbox as o')
        .select('o.id')
        .where('o.platform', '=', platform)
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
        .orderBy('o.id')
        .limit(limit);
      if (db.dialect === 'postgres') heads = heads.forUpdate().skipLocked();
      const rows = await k.updateTable('outbox').set({ claimed_by: worker, claimed_until: leaseUntil }).where('id', 'in', heads).returningAll().execute();
      // RETURNING promises no order.
      return rows.map(toPending).sort((a, b) => a.id - b.id);
    },
    delivered: (id, worker, at, result) => settle(id, worker, { delivered_at: at, last_error: null, result: result === undefined ? null : JSON.stringify(result) }, false),
    retry: (id, worker, availableAt, error) => settle(id, worker, { available_at: availableAt, last_error: error.slice(0, 2_000) }, true),
    failed: (id, worker, at, error) => settle(id, worker, { failed_at: at, last_error: error.slice(0, 2_000) }, true),
  };
}
