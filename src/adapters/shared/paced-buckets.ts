import { LruMap } from '../../domain/lru-map';

/** A documented rate: sustained calls per minute, and how many may go at once above it. */
export interface Pace {
  readonly perMinute: number;
  readonly burst: number;
  /** Tokens only urgent calls may take (for what pages call too); 0 when left out. */
  readonly reserve?: number;
}

const MAX_BUCKETS = 5_000;

interface Bucket {
  readonly pace: Pace;
  tokens: number;
  atMs: number;
  /** No call before this (a 429's Retry-After). */
  pausedUntil: number;
  /** Calls told to come back later and not yet come: each later one is told to come after them. */
  booked: number;
}

/**
 * Token buckets for calls to a rate-limited API, one per key (a method, or a method and a channel),
 * spending the budget on urgent calls first:
 * - an urgent call takes any token; an ordinary one leaves the key's `reserve` for urgent calls,
 *   so a page never waits for an announcement to the same channel;
 * - a call that cannot go now is told how long to wait. Ordinary calls are spread out: each one
 *   turned away is told to come after the ones turned away before it (that queue drains at the
 *   bucket's rate), so a backlog comes back one token at a time instead of all at once;
 * - `pause` (a 429's Retry-After) stops the key alone until then.
 * `take` answers 0 when the call may go now (its tokens taken), else the milliseconds to wait.
 * At most `maxBuckets` keys are remembered: idle ones are dropped first; past that the least recently
 * used busy one goes (its next call finds a full bucket, and Slack's 429 pauses it if that was too soon).
 */
export function pacedBuckets(paceOf: (key: string) => Pace | undefined, maxBuckets = MAX_BUCKETS) {
  const buckets = new LruMap<string, Bucket>(maxBuckets);

  /** A bucket full again and not paused is the same as a new one: dropped (one per channel ever used would only grow). */
  function forgetIdle(nowMs: number): void {
    for (const [key, b] of buckets) {
      const tokens = b.tokens + ((nowMs - b.atMs) * b.pace.perMinute) / 60_000;
      if (tokens >= b.pace.burst && b.pausedUntil <= nowMs) buckets.delete(key);
    }
  }

  function bucketOf(key: string, nowMs: number): Bucket | undefined {
    let b = buckets.get(key);
    if (!b) {
      const pace = paceOf(key);
      if (!pace) return undefined;
      b = { pace, tokens: pace.burst, atMs: nowMs, pausedUntil: 0, booked: 0 };
      if (buckets.size >= maxBuckets) forgetIdle(nowMs);
      buckets.set(key, b);
    }
    const elapsed = Math.max(0, nowMs - b.atMs);
    const refill = (elapsed * b.pace.perMinute) / 60_000;
    b.tokens = Math.min(b.pace.burst, b.tokens + refill);
    b.booked = Math.max(0, b.booked - refill);
    b.atMs = nowMs;
    return b;
  }

  /** 0 when `b` has a token for this caller now, else how long until it will. */
  function waitFor(b: Bucket, urgent: boolean, nowMs: number): number {
    const needed = urgent ? 1 : 1 + Math.min(b.pace.reserve ?? 0, b.pace.burst - 1);
    const paused = Math.max(0, b.pausedUntil - nowMs);
    if (paused === 0 && b.tokens >= needed) return 0;
    return Math.max(1, paused, Math.ceil(((needed - b.tokens) * 60_000) / b.pace.perMinute));
  }

  return {
    /** Keys remembered now (bounded by `maxBuckets`). */
    get size(): number {
      return buckets.size;
    },
    /** One call that needs a token from every key in `keys` (a method's, and its channel's). */
    take(keys: readonly string[], urgent: boolean, nowMs: number): number {
      const held = keys.flatMap((k) => bucketOf(k, nowMs) ?? []);
      const waits = held.map((b) => waitFor(b, urgent, nowMs));
      const wait = Math.max(0, ...waits);
      if (wait === 0) {
        for (const b of held) b.tokens -= 1;
        return 0;
      }
      if (urgent) return wait;
      const slowest = held[waits.indexOf(wait)]!;
      const spread = Math.ceil((slowest.booked * 60_000) / slowest.pace.perMinute);
      slowest.booked += 1;
      return wait + spread;
    },
    pause(key: string, untilMs: number, nowMs: number): void {
      const b = bucketOf(key, nowMs);
      if (b) b.pausedUntil = Math.max(b.pausedUntil, untilMs);
    },
  };
}

export type PacedBuckets = ReturnType<typeof pacedBuckets>;
