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
