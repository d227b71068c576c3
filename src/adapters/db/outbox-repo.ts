import type { Kysely } from 'kysely';
import type { OutboxRepo } from '../../app/ports/store';
import { prepare } from './prepared';
import type { Database } from './schema';

// Prepared once per dialect (see prepared.ts): every chat notice of every webhook runs it.
const enqueue = prepare(
  (db, a: { platform: string; priority: number; orderingKey: string; kind: string; payload: string; dedupKey: string | null; createdAt: string; availableAt: string }) =>
    db
      .insertInto('outbox')
      .values({ platform: a.platform, priority: a.priority, ordering_key: a.orderingKey, kind: a.kind, payload: a.payload, dedup_key: a.dedupKey, created_at: a.createdAt, available_at: a.availableAt })
      // Enqueueing the same message twice (a retried webhook, a second replica) is a no-op.
      .onConflict((oc) => oc.column('dedup_key').doNothing()),
);

/** `enqueued` hears of each row written (before its commit: the store tells the workers after it). */
export function outboxRepo(db: Kysely<Database>, now: () => string, enqueued?: (platform: string, priority: number) => void): OutboxRepo {
  return {
    async enqueue(m) {
      const at = now();
      enqueued?.(m.platform, m.priority ?? 0);
      await enqueue.execute(db, { platform: m.platform, priority: m.priority ?? 0, orderingKey: m.orderingKey, kind: m.kind, payload: JSON.stringify(m.payload), dedupKey: m.dedupKey ?? null, createdAt: at, availableAt: m.availableAt ?? at });
    },
  };
}
