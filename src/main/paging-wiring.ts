import { outboxQueue } from '../adapters/db/outbox-queue';
import { logDeliverer } from '../app/outbox/log-deliverer';
import { outboxWorker, type OutboxWorker } from '../app/outbox/outbox-worker';
import type { PagingSetup } from '../app/paging/paging-setup';
import { notificationSettled } from '../app/paging/record-outcome';
import { PROVIDER_CHANNELS, type PagingDeliverers } from '../app/ports/paging-providers';
import type { ProviderChannel } from '../app/ports/notification';
import { providerConfigured } from '../config/paging-providers';
import { NOTIFY_VIAS } from '../domain/paging/notify-rule';
import type { Env } from '../config/env';
import { outboxWorkerIdentity, type Context } from './context';

export interface Paging {
  readonly setup: PagingSetup;
  /** One outbox worker per provider channel; tests step them with `runOnce()` / `drain()`. */
  readonly workers: Readonly<Record<ProviderChannel, OutboxWorker>>;
  start(options?: { readonly workers?: boolean }): void;
  stop(): Promise<void>;
}

/** What the paging use cases know of the environment: which providers are configured, and PUBLIC_URL. */
export function pagingSetup(env: Env): PagingSetup {
  return { configured: new Set(NOTIFY_VIAS.filter((via) => providerConfigured(env, via))), ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}) };
}

/**
 * Personal notifications beyond chat: a worker per channel delivers its `notice.person_notification` rows through
 * the provider main plugs in (or the log, local mode), and each final outcome goes on the
 * incident's timeline ("SMS to @alice sent", "… failed: why"). A failed row never holds back
 * another: every notification has its own ordering key.
 */
export function wirePaging(ctx: Context, deliverers: PagingDeliverers = {}): Paging {
  const { log, store, clock } = ctx;
  const queue = outboxQueue(ctx.db);
  const onSettled = notificationSettled({ store, clock });
  const workerOf = (channel: ProviderChannel) =>
    outboxWorker({ queue, deliverer: deliverers[channel] ?? logDeliverer(channel, log), clock, log, onSettled }, outboxWorkerIdentity(ctx.env, channel));
  const workers = Object.fromEntries(PROVIDER_CHANNELS.map((c) => [c, workerOf(c)])) as Record<ProviderChannel, OutboxWorker>;
  return {
    setup: pagingSetup(ctx.env),
    workers,
    start(options = {}) {
      if (options.workers !== false) for (const w of Object.values(workers)) w.start();
    },
    async stop() {
      await Promise.all(Object.values(workers).map((w) => w.stop()));
    },
  };
}
