import type { DeliveryLog } from '../app/ports/delivery-log';
import type { Clock } from '../app/ports/clock';
import { OUTBOX_PRIORITY, type Deliverer } from '../app/ports/outbox';
import type { OutboxQueue } from '../app/ports/outbox-queue';
import { outboxWorker, type OutboxWorker } from '../app/outbox/outbox-worker';
import type { Env } from '../config/env';
import { outboxWorkerIdentity } from './context';

/**
 * The two lanes of a chat platform (docs/adr/0008-page-first-outbox.md): `pageWorker` claims pages
 * alone, so a page never waits behind a batch of channels; `worker` takes everything, pages first.
 */
export function outboxLanes(deps: { readonly queue: OutboxQueue; readonly clock: Clock; readonly log: DeliveryLog; readonly env: Env }, deliverer: Deliverer, batchSize?: number): { readonly worker: OutboxWorker; readonly pageWorker: OutboxWorker } {
  const { queue, clock, log, env } = deps;
  const options = batchSize ? { batchSize } : {};
  const worker = outboxWorker({ queue, deliverer, clock, log }, { ...outboxWorkerIdentity(env, deliverer.platform), ...options });
  const pageWorker = outboxWorker({ queue, deliverer, clock, log }, { ...outboxWorkerIdentity(env, `${deliverer.platform}-pages`), minPriority: OUTBOX_PRIORITY.page, ...options });
  return { worker, pageWorker };
}
