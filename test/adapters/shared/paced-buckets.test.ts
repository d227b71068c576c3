import { describe, expect, it } from 'vitest';
import { pacedBuckets } from '../../../src/adapters/shared/paced-buckets';

const T0 = 1_000_000;
const buckets = () => pacedBuckets((key) => (key.startsWith('post') ? { perMinute: 60, burst: 2 } : key === 'create' ? { perMinute: 20, burst: 2, reserve: 1 } : undefined));

describe('paced buckets', () => {
  it('lets an urgent call take the token kept for it, which an ordinary call must leave', () => {
    const b = buckets();
    expect(b.take(['create'], false, T0)).toBe(0);
    // One token left: kept for a page.
    expect(b.take(['create'], false, T0)).toBeGreaterThan(0);
    expect(b.take(['create'], true, T0)).toBe(0);
    expect(b.take(['create'], true, T0)).toBe(3_000);
  });

  it('spreads ordinary calls turned away over the rate, instead of sending them all back at once', () => {
    const b = buckets();
    b.take(['create'], false, T0);
    const waits = Array.from({ length: 4 }, () => b.take(['create'], false, T0));
    // Needs two tokens (one more: 3 s), then one interval (3 s) after each one told before.
    expect(waits).toEqual([3_000, 6_000, 9_000, 12_000]);
  });

  it('takes a token of every key or of none: a post needs room in its channel and in the workspace', () => {
    const b = buckets();
    expect(b.take(['post', 'post:C1'], true, T0)).toBe(0);
    expect(b.take(['post', 'post:C1'], true, T0)).toBe(0);
    expect(b.take(['post', 'post:C1'], true, T0)).toBe(1_000);
    // C1 refused the third, so the workspace bucket gave nothing: C2 still has the workspace's tokens.
    expect(b.take(['post', 'post:C2'], true, T0)).toBeGreaterThan(0);
    expect(b.take(['post:C2'], true, T0)).toBe(0);
  });

  it('remembers a bounded number of keys, idle ones forgotten first, then the least recently used', () => {
    const b = pacedBuckets(() => ({ perMinute: 60, burst: 2 }), 100);
    // Every channel busy (a token spent, none refilled at T0): nothing idle to forget.
    for (let i = 0; i < 1_000; i++) b.take([`post:C${i}`], true, T0);
    expect(b.size).toBe(100);
    expect(b.take(['post:C999'], true, T0)).toBe(0);
    expect(b.take(['post:C999'], true, T0)).toBe(1_000);
    // A minute later every bucket is full again: a new key sweeps the idle ones out.
    b.take(['post:new'], true, T0 + 60_000);
    expect(b.size).toBe(1);
  });

  it('a pause (429 Retry-After) stops that key alone until it ends', () => {
    const b = buckets();
    b.pause('post:C1', T0 + 30_000, T0);
    expect(b.take(['post:C1'], true, T0)).toBe(30_000);
    expect(b.take(['post:C2'], true, T0)).toBe(0);
    expect(b.take(['create'], true, T0)).toBe(0);
    expect(b.take(['post:C1'], true, T0 + 30_000)).toBe(0);
  });

  it('does not pace what it has no rate for', () => {
    expect(buckets().take(['users.info'], false, T0)).toBe(0);
  });
});
