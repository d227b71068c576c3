import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../src/adapters/shared/retry-after';

const NOW = Date.parse('2026-01-05T08:00:00.000Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs('30', NOW)).toBe(30_000);
    expect(retryAfterMs(' 0 ', NOW)).toBe(0);
    expect(retryAfterMs('1.5', NOW)).toBe(1_500);
  });

  it('reads an HTTP-date against the given now', () => {
    expect(retryAfterMs('Mon, 05 Jan 2026 08:02:00 GMT', NOW)).toBe(120_000);
  });

  it('ignores what it cannot use: nothing, garbage, negative numbers, a date already past', () => {
    for (const v of [undefined, null, '', 'soon', '-5', 'Mon, 05 Jan 2026 07:00:00 GMT']) expect(retryAfterMs(v, NOW)).toBeUndefined();
  });

  it('never waits more than a day', () => {
    expect(retryAfterMs('999999999', NOW)).toBe(86_400_000);
  });
});
