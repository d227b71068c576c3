import { describe, expect, it } from 'vitest';
import { tokenBuckets } from '../../../src/adapters/http/rate-limit';

describe('token buckets per integration', () => {
  it('takes a burst at once, then the rate, and says when there is room again', () => {
    const limiter = tokenBuckets({ perSecond: 2, burst: 3 });
    const taken = [0, 0, 0, 0].map(() => limiter.take('am', 1_000));
    expect(taken.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(taken[3]).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('am', 1_499).ok).toBe(false);
    expect(limiter.take('am', 1_500).ok).toBe(true);
  });

  it('remembers a bounded number of keys, forgetting the least recently used first', () => {
    const limiter = tokenBuckets({ perSecond: 1, burst: 1, maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) limiter.take(`integration-${i}`, 0);
    expect(limiter.size).toBe(100);
    expect(limiter.take('integration-999', 0).ok).toBe(false);
    expect(limiter.take('integration-0', 0).ok).toBe(true); // forgotten: a full bucket again
  });

  it('counts each integration on its own', () => {
    const limiter = tokenBuckets({ perSecond: 1, burst: 1 });
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('a', 0).ok).toBe(false);
    expect(limiter.take('b', 0).ok).toBe(true);
  });

  it('rounds Retry-After up to whole seconds, never below one', () => {
    const limiter = tokenBuckets({ perSecond: 0.25, burst: 1 });
    limiter.take('slow', 0);
    expect(limiter.take('slow', 0)).toEqual({ ok: false, retryAfterSeconds: 4 });
  });

  it('defaults the burst to ten seconds of the rate, and 0 means no limit', () => {
    const limiter = tokenBuckets({ perSecond: 5 });
    expect(Array.from({ length: 51 }, () => limiter.take('x', 0).ok).filter(Boolean)).toHaveLength(50);
    const off = tokenBuckets({ perSecond: 0 });
    expect(Array.from({ length: 10_000 }, () => off.take('x', 0).ok).every(Boolean)).toBe(true);
  });

  it('refills nothing when the clock steps back', () => {
    const limiter = tokenBuckets({ perSecond: 1, burst: 1 });
    limiter.take('x', 10_000);
    expect(limiter.take('x', 5_000).ok).toBe(false);
  });
});
