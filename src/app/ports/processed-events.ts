/**
 * Inbound idempotency. Chat platforms redeliver events (Slack's `X-Slack-Retry-Num`, sent even while
 * the first delivery is still being handled), so an event id is claimed before it is handled: only
 * the first claim wins. A handler that fails gives its claim back, so a redelivery can do the work.
 */
export interface ProcessedEvents {
  /** True when this call took the event; false when it was seen before. */
  claim(source: string, eventId: string, at: string): Promise<boolean>;
  release(source: string, eventId: string): Promise<void>;
  /** Forgets claims older than `before` (platforms stop redelivering after minutes). */
  purgeBefore(before: string): Promise<number>;
}
