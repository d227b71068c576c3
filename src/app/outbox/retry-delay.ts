export interface RetryPolicy {
  /** Delay after the first failure; doubled after each further one. */
  readonly baseMs: number;
  /** The doubling stops here. */
  readonly maxMs: number;
  /** Failures after which a row is marked failed instead of retried. */
  readonly maxAttempts: number;
}

/** About 25 attempts over some 5 hours: a Slack or Teams outage of an afternoon loses nothing. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 2_000, maxMs: 15 * 60_000, maxAttempts: 25 };

/**
 * How long to wait before trying a row again after its `failures`-th failure (1 = first).
 * Exponential with "equal jitter" (half fixed, half random), so rows that failed together during an
 * outage do not all come back in the same second. A platform's own `Retry-After` (`afterMs`) is a
 * floor, never shortened; a little jitter on top keeps a burst of rate-limited rows apart.
 * `random` is in [0, 1).
 */
export function retryDelayMs(policy: RetryPolicy, failures: number, random: number, afterMs?: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  if (afterMs !== undefined && afterMs >= 0) return Math.ceil(afterMs + random * Math.min(1_000, afterMs / 10 + 100));
  return Math.ceil(exp / 2 + (random * exp) / 2);
}
