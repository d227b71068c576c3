import { describe, expect, it } from 'vitest';
import { onCallAt } from '../../../src/domain/oncall/who-is-on-call';
import { plain, rotation, utc } from '../../support/rotations.fixture';

describe('onCallAt', () => {
  const primary = rotation({});

  it('gives the current shift whole, not clipped to the instant asked, and the next one', () => {
    // Jan 12 09:00 CET = 08:00Z starts bob's week (k=1); the handoff instant belongs to the new shift.
    expect(plain(Object.values(onCallAt(primary, [], utc('2026-01-12T08:00:00Z'))))).toEqual([
      'bob 2026-01-12T08:00:00.000Z→2026-01-19T08:00:00.000Z',
      'carol 2026-01-19T08:00:00.000Z→2026-01-26T08:00:00.000Z',
    ]);
    expect(onCallAt(primary, [], utc('2026-01-12T07:59:59.999Z')).current?.personId).toBe('alice');
  });

  it('starts at the first handoff on or after the start date, nobody before', () => {
    // Start Tuesday 2026-01-06: the first Monday on or after it is Jan 12.
    const r = rotation({ start: '2026-01-06' });
    expect(plain(Object.values(onCallAt(r, [], utc('2026-01-08T00:00:00Z'))))).toEqual(['nobody', 'alice 2026-01-12T08:00:00.000Z→2026-01-19T08:00:00.000Z']);
    // A daily 09:00 rotation starting on a date counts that date's 09:00, even asked at 00:00.
    const daily = rotation({ period: { kind: 'daily' }, handoff: { time: '09:00' }, start: '2026-01-06' });
    expect(plain(Object.values(onCallAt(daily, [], utc('2026-01-05T23:00:00Z'))))).toEqual(['nobody', 'alice 2026-01-06T08:00:00.000Z→2026-01-07T08:00:00.000Z']);
  });

  it('a weekly rotation without a weekday hands off on the weekday of its start', () => {
    const r = rotation({ handoff: { time: '09:00' }, start: '2026-01-07' });
    expect(onCallAt(r, [], utc('2026-01-14T08:00:00Z')).current?.start.toISOString()).toBe('2026-01-14T08:00:00.000Z');
  });

  it('a one-member rotation still hands off every period, to the same person', () => {
    const solo = rotation({ members: ['alice'] });
    expect(plain(Object.values(onCallAt(solo, [], utc('2026-06-10T00:00:00Z'))))).toEqual([
      'alice 2026-06-08T07:00:00.000Z→2026-06-15T07:00:00.000Z',
      'alice 2026-06-15T07:00:00.000Z→2026-06-22T07:00:00.000Z',
    ]);
  });

  it('nobody is on call in a rotation without members', () => {
    expect(onCallAt(rotation({ members: [] }), [], utc('2026-06-10T00:00:00Z'))).toEqual({ current: null, next: null });
  });

  it('finds shifts years after the start without walking them', () => {
    // 2036-01-07 is a Monday, 522 weeks after 2026-01-05; 522 mod 3 = 0 → alice, 09:00 CET = 08:00Z.
    expect(onCallAt(primary, [], utc('2036-01-08T00:00:00Z')).current?.start.toISOString()).toBe('2036-01-07T08:00:00.000Z');
    expect(onCallAt(primary, [], utc('2036-01-08T00:00:00Z')).current?.personId).toBe('alice');
  });
});
