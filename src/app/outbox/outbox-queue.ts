import type { PendingMessage } from '../ports/outbox';

/**
 * The delivery side of the outbox (the write side is `OutboxRepo.enqueue`, inside use-case
 * transactions). Every method that settles a row names the worker holding it: a worker whose lease
 * ran out and was taken over by another cannot overwrite the new holder's outcome.
 */
export interface OutboxQueue {
  /**
   * Leases up to `limit` rows of `platform` that are due at `now`, oldest first, to `worker` until
   * `leaseUntil`. Only the head of each ordering key is offered: a row whose key has an older row
   * still to deliver (claimed or not) waits, so one key's messages arrive in the order written.
   * Two workers (two replicas) never get the same row.
   */
  claim(request: { readonly platform: string; readonly worker: string; readonly now: string; readonly leaseUntil: string; readonly limit: number }): Promise<readonly PendingMessage[]>;
  /** The row reached the platform; `result` is kept with it. False when the lease was lost. */
  delivered(id: number, worker: string, at: string, result: Readonly<Record<string, unknown>> | undefined): Promise<boolean>;
  /** Try again at `availableAt`; the attempt is counted and the error kept. */
  retry(id: number, worker: string, availableAt: string, error: string): Promise<boolean>;
  /** Given up: kept with its error, and no longer holding back the rows behind it. */
  failed(id: number, worker: string, at: string, error: string): Promise<boolean>;
}
