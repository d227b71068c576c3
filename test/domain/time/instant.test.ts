import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../../src/domain/time/instant';

describe('parseInstant', () => {
  it('reads ISO-8601 instants with an offset', () => {
    expect(parseInstant('2026-12-24T00:00:00+01:00')?.toISOString()).toBe('2026-12-23T23:00:00.000Z');
    expect(parseInstant('2026-01-05T08:00:00.000Z')?.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(parseInstant('2026-01-05T08:00Z')?.toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(parseInstant('2026-01-05T08:00:00+05:45')?.toISOString()).toBe('2026-01-05T02:15:00.000Z');
  });

  it('refuses times without an offset, impossible dates and other forms', () => {
    for (const bad of ['2026-12-24T00:00:00', '2026-02-30T00:00:00Z', '2026-01-05T24:00:00Z', '2026-01-05', 'Dec 24 2026', '1767600000000']) {
      expect(parseInstant(bad)).toBeUndefined();
    }
  });

  it('formats as UTC with milliseconds', () => {
    expect(formatInstant(new Date(Date.UTC(2026, 0, 5, 8)))).toBe('2026-01-05T08:00:00.000Z');
  });
});
