import { describe, expect, it } from 'vitest';
import { checkRotation, handoffAt, rotationClock, shiftNumberAt } from '../../../src/domain/oncall/rotation';
import { rotation, utc } from '../../support/rotations.fixture';

describe('checkRotation', () => {
  it('accepts the policy example rotations', () => {
    expect(checkRotation(rotation({}))).toEqual([]);
    expect(checkRotation(rotation({ timezone: 'America/New_York', period: { kind: 'daily' }, handoff: { time: '08:00' }, members: ['carol', 'alice'] }))).toEqual([]);
  });

  it('names every problem at once', () => {
    const bad = rotation({ timezone: 'Europe/Berln', period: { kind: 'days', days: 0 }, handoff: { weekday: 'mon', time: '9:00' }, start: '2026-02-30', members: ['alice', ' '] });
    expect(checkRotation(bad, 'rotations[1]').map((p) => p.path)).toEqual([
      'rotations[1].timezone',
      'rotations[1].handoff.time',
      'rotations[1].start',
      'rotations[1].handoff.weekday',
      'rotations[1].period.days',
      'rotations[1].members[1]',
    ]);
    expect(() => rotationClock(bad)).toThrow(RangeError);
  });
});

describe('shift numbers', () => {
  it('counts handoffs from the first one and gives -1 before it', () => {
    const clock = rotationClock(rotation({ start: '2026-01-01' }));
    // 2026-01-01 is a Thursday: the first Monday is Jan 5, 09:00 CET = 08:00Z.
    expect(handoffAt(clock, 0).toISOString()).toBe('2026-01-05T08:00:00.000Z');
    expect(shiftNumberAt(clock, utc('2026-01-05T07:59:59.999Z'))).toBe(-1);
    expect(shiftNumberAt(clock, utc('2026-01-05T08:00:00Z'))).toBe(0);
    // 12 weeks later, Mar 30, is after the spring change: 09:00 CEST = 07:00Z.
    expect(handoffAt(clock, 12).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(shiftNumberAt(clock, utc('2026-03-30T07:30:00Z'))).toBe(12);
    expect(shiftNumberAt(clock, utc('2026-03-30T06:59:00Z'))).toBe(11);
  });
});
