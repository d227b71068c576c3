/** A durable timer as stored: what fires, when, and with what. */
export interface StoredTimer {
  readonly key: string;
  readonly kind: string;
  readonly dueAt: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly firedAt: string | null;
}

/** Durable timers: a due time and a key. Scheduling a key again replaces it; firing is the scheduler's job. */
export interface TimerRepo {
  /** In the app, built by src/app/scheduler/timer-contracts.ts: no key or kind typed by hand. Any string is stored (tests fire kinds of their own). */
  schedule(timer: { readonly key: string; readonly kind: string; readonly dueAt: string; readonly payload: Readonly<Record<string, unknown>> }): Promise<void>;
  /** Cancels every unfired timer whose key starts with the prefix (e.g. `incident:12:`). */
  cancelPrefix(prefix: string): Promise<number>;
  find(key: string): Promise<StoredTimer | undefined>;
  /**
   * Marks the timer fired, inside the transaction that applies its effects, only while the claim
   * `claim` still holds it and it has not fired: true means this transaction is the one firing it.
   * False means it was cancelled, rescheduled or fired by someone else since it was claimed.
   */
  markFired(key: string, claim: string, at: string): Promise<boolean>;
  /**
   * Records that the recurring job `series` ran for `period` (summary_posts); false when that
   * period was already recorded. Inside the transaction that posts, this is the exactly-once gate.
   */
  recordRun(series: string, period: string, at: string): Promise<boolean>;
  /** The latest period recorded for `series` (by the time it was recorded), if any. */
  lastRun(series: string): Promise<{ readonly period: string; readonly at: string } | undefined>;
}
