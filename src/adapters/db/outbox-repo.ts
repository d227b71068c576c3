import type { Kysely } from 'kysely';
import type { OutboxRepo } from '../../app/ports/store';
import type { Database } from './schema';

export function outboxRepo(db: Kysely<Database>, now: () => string): OutboxRepo {
  return {
    async enqueue(m) {
      const at = now();
      await db
        .insertInto('outbox')
        .values({ platform: m.platform, ordering_key: m.orderingKey, kind: m.kind, payload: JSON.stringify(m.payload), dedup_key: m.dedupKey ?? null, created_at: at, available_at: m.availableAt ?? at })
        // Enqueueing the same message twice (a retried webhook, a second replica) is a no-op.
        .onConflict((oc) => oc.column('dedup_key').doNothing())
        .execute();
    },
  };
}
