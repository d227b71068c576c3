import type { PendingMessage } from './outbox';

/** What became of one claimed row. `error` (or `reason`) is kept on the row; a `retry` counts the attempt. */
export type OutboxOutcome =
  /** The row reached the platform; `result` is kept with it. */
  | { readonly id: number; readonly kind: 'delivered'; readonly at: string; readonly result: Readonly<Record<string, unknown>> | undefined }
  /** Try again at `availableAt`. */
  | { readonly id: number; readonly kind: 'retry'; readonly availableAt: string; readonly error: string }
  /** Try at `availableAt`: not a failure (a rate budget had no room), so no attempt is counted. */
  | { readonly id: number; readonly kind: 'deferred'; readonly availableAt: string; readonly reason: string }
  /** Given up: kept with its error, and no longer holding back the rows behind it. */
  | { readonly id: number; readonly kind: 'failed'; readonly at: string; readonly error: string };

/**
 * The delivery side of the outbox (the write side is `OutboxRepo.enqueue`, inside use-case
 * transactions). Settling names the worker holding the rows: a worker whose lease ran out and was
 * taken over by another cannot overwrite the new holder's outcome.
 */
export interface OutboxQueue {
  /**
   * Leases up to `limit` rows of `platform` that are due at `now`, highest priority first and then
   * oldest first, to `worker` until `leaseUntil`; only rows of at least `minPriority` (default 0:
   * every row), so a lane of its own can serve pages alone. Only the head of each ordering key is offered: a row whose key has an older row
   * still to deliver (claimed or not) waits, so one key's messages arrive in the order written.
   * Two workers (two replicas) never get the same row.
   */
  claim(request: { readonly platform: string; readonly worker: string; readonly now: string; readonly leaseUntil: string; readonly limit: number; readonly minPriority?: number }): Promise<readonly PendingMessage[]>;
  /**
   * Writes the outcomes in one transaction: all of them or, when it fails, none (the rows stay
   * claimed and come back after their lease). Answers per outcome, in order, whether `worker` still
   * held the row; a row it no longer held is left as its new holder has it.
   */
  settle(worker: string, outcomes: readonly OutboxOutcome[]): Promise<readonly boolean[]>;
  /**
   * Moves the lease of the rows `worker` still holds among `ids` to `leaseUntil` (the holder is
   * still delivering them) and answers those ids; a row taken over or settled meanwhile is left alone.
   */
  renew(request: { readonly worker: string; readonly ids: readonly number[]; readonly leaseUntil: string }): Promise<readonly number[]>;
}
