import { LruMap } from '../../domain/lru-map';

/** What a limiter says about one more request: take it, or the whole seconds until there is room. */
export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string, nowMs: number): Admission;
  /** Keys remembered now (bounded). */
  readonly size: number;
}

export interface TokenBucketOptions {
  /** Sustained requests per second per key; 0 turns the limit off. */
  readonly perSecond: number;
  /** Requests taken at once before the rate applies (default ten seconds' worth). */
  readonly burst?: number;
  /** Keys remembered at once (default 10,000); the least recently used is forgotten first, and comes back with a full bucket. */
  readonly maxKeys?: number;
}

/**
 * One token bucket per key (an authenticated integration: unauthenticated requests never reach
 * here, so a stranger cannot grow the map). The burst is generous on purpose: an Alertmanager that
 * restarts sends every group it holds within `group_wait`, and those are real pages. Each replica
 * counts on its own, so N replicas take N times the rate. The map is bounded all the same (integrations
 * dropped from the policy would otherwise stay).
 */
export function tokenBuckets(options: TokenBucketOptions): RateLimiter {
  const rate = options.perSecond;
  const burst = Math.max(1, options.burst ?? rate * 10);
  const buckets = new LruMap<string, { tokens: number; atMs: number }>(options.maxKeys ?? 10_000);
  return {
    get size() {
      return buckets.size;
    },
    take(key, nowMs) {
      if (rate <= 0) return { ok: true };
      const bucket = buckets.get(key) ?? { tokens: burst, atMs: nowMs };
      // A clock stepping backwards refills nothing rather than draining the bucket.
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) / 1000) * rate);
      bucket.atMs = nowMs;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
    },
  };
}
