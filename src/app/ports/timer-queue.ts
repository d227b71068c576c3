import type { StoredTimer } from './timers';

/** A due timer this scheduler holds a lease on, named by the claim token `markFired` checks. */
export interface ClaimedTimer extends StoredTimer {
  readonly claim: string;
}

/**
 * The scheduler's side of the timers table, used outside any transaction. Claiming is a lease:
 * a short write that marks due timers as taken until `now + leaseMs`, so other replicas skip them
 * while this one fires them; a replica that dies holding a lease simply lets it run out.
 */
export interface TimerQueue {
  /** Claims up to `limit` unfired timers of `kinds` due at or before `now` whose lease is free or expired. */
  claimDue(options: { readonly now: Date; readonly leaseMs: number; readonly kinds: readonly string[]; readonly limit: number; readonly claimant: string }): Promise<readonly ClaimedTimer[]>;
  /**
   * Moves the lease of these claimed timers, still unfired and still under their claim, to
   * `leaseUntil` (their handler is still running) and answers the keys renewed.
   */
  renew(request: { readonly timers: readonly Pick<ClaimedTimer, 'key' | 'claim'>[]; readonly leaseUntil: string }): Promise<readonly string[]>;
  /** Deletes fired timers older than `before` (fired rows are history only). */
  pruneFired(before: Date): Promise<number>;
}
