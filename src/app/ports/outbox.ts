/**
 * What must reach a chat, written in the same transaction as the change that caused it and delivered
 * later by a platform worker with retries. `orderingKey` keeps order (one incident's messages are
 * delivered in the order written); `dedupKey` makes enqueueing idempotent.
 */
export interface OutboxMessage {
  readonly platform: string;
  readonly orderingKey: string;
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly dedupKey?: string;
  readonly availableAt?: string;
}

/** An outbox row claimed for delivery. `attempts` counts earlier tries (0 on the first). */
export interface PendingMessage extends OutboxMessage {
  readonly id: number;
  readonly attempts: number;
  readonly createdAt: string;
}

/**
 * What a platform deliverer reports. `retry` for transient failures (network, 5xx, 429 with its
 * Retry-After); `failed` for permanent ones (a channel that no longer exists): recorded, not retried.
 * `result` is kept on the row (e.g. the Slack channel id and message ts a later update needs).
 */
export type DeliveryResult =
  | { readonly kind: 'delivered'; readonly result?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'retry'; readonly error: string; readonly afterMs?: number }
  | { readonly kind: 'failed'; readonly error: string };

/** One per chat platform; main registers the ones configured (local mode logs instead). */
export interface Deliverer {
  readonly platform: string;
  deliver(message: PendingMessage): Promise<DeliveryResult>;
}
