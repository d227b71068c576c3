/**
 * What must reach a chat, written in the same transaction as the change that caused it and delivered
 * later by a platform worker with retries. `orderingKey` keeps order (one incident's messages are
 * delivered in the order written); `dedupKey` makes enqueueing idempotent.
 */
export interface OutboxMessage {
  readonly platform: string;
  /**
   * Claimed highest first (`OUTBOX_PRIORITY`), then in the order written; 0 when left out. Order
   * per `orderingKey` still holds: a row waits for the older rows of its key whatever its priority.
   */
  readonly priority?: number;
  readonly orderingKey: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly dedupKey?: string;
  readonly availableAt?: string;
}

/**
 * Pages before everything (docs/adr/0008-page-first-outbox.md): a page is claimed before any
 * channel creation, announcement or update queued on the same platform, and a deliverer paces its
 * API calls so that pages spend the platform's rate budget first.
 */
export const OUTBOX_PRIORITY = { normal: 0, page: 10 } as const;

/** An outbox row claimed for delivery. `attempts` counts earlier tries (0 on the first). */
export interface PendingMessage extends OutboxMessage {
  readonly id: number;
  readonly priority: number;
  readonly attempts: number;
  readonly createdAt: string;
}

/**
 * What a platform deliverer reports. `retry` for transient failures (network, 5xx); `deferred` when
 * the platform's rate budget has no room now (known in advance, or a 429's Retry-After); `failed` for permanent ones (a channel that no longer exists): recorded, not retried.
 * `result` is kept on the row (e.g. the Slack channel id and message ts a later update needs).
 */
export type DeliveryResult =
  | { readonly kind: 'delivered'; readonly result?: Readonly<Record<string, unknown>> }
  /** Not tried, or stopped by the platform's rate limit: again after `afterMs`, not counted as a failed attempt. */
  | { readonly kind: 'deferred'; readonly afterMs: number; readonly reason: string }
  | { readonly kind: 'retry'; readonly error: string; readonly afterMs?: number }
  | { readonly kind: 'failed'; readonly error: string };

/** One per chat platform; main registers the ones configured (local mode logs instead). */
export interface Deliverer {
  readonly platform: string;
  deliver(message: PendingMessage): Promise<DeliveryResult>;
}
