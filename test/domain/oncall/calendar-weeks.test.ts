import { describe, expect, it } from 'vitest';
import { calendarWeeks, weekStartOf, weeksEnd } from '../../../src/domain/oncall/calendar-weeks';
import type { Rotation } from '../../../src/domain/oncall/rotation';
import { shiftsBetween } from '../../../src/domain/oncall/shifts';

// Europe/Berlin springs forward on Sun 2026-03-29 (02:00 → 03:00) and falls back on Sun 2026-10-25.
const DAILY: Rotation = { id: 'ops', timezone: 'Europe/Berlin', period: { kind: 'daily' }, handoff: { time: '09:00' }, start: '2026-03-23', members: ['ann', 'ben'] };
const local = (d: Date, zone = 'Europe/Berlin') => d.toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16);

describe('calendar weeks', () => {
  it('lays a week crossing the spring change out in local days, with the 09:00 handoff at 09:00 on both sides', () => {
    const from = weekStartOf(new Date('2026-03-25T12:00:00Z'), 'Europe/Berlin');
    expect(from.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    const to = weeksEnd(from, 'Europe/Berlin', 2);
    expect(to.toISOString()).toBe('2026-04-05T22:00:00.000Z');
    const [week1, week2] = calendarWeeks(shiftsBetween(DAILY, [], from, to), 'Europe/Berlin', from, 2);
    expect(week1!.days.map((d) => d.date)).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
    expect(week2!.days[0]!.date).toBe('2026-03-30');
    const sunday = week1!.days[6]!;
    expect(sunday.end.getTime() - sunday.start.getTime()).toBe(23 * 3_600_000);
    for (const day of [...week1!.days.slice(1), ...week2!.days]) {
      const handoffs = day.segments.filter((s) => s.handoffIn).map((s) => local(s.start));
      expect(handoffs).toEqual([`${day.date} 09:00`]);
    }
    // Before the first handoff of the rotation nobody is on call: Monday starts empty until 09:00.
    expect(week1!.days[0]!.segments.map((s) => [s.personId, local(s.start), local(s.end), s.handoffIn, s.handoffOut])).toEqual([['ann', '2026-03-23 09:00', '2026-03-24 00:00', true, false]]);
    expect(sunday.segments.map((s) => [s.personId, local(s.start), local(s.end)])).toEqual([
      ['ben', '2026-03-29 00:00', '2026-03-29 09:00'],
      ['ann', '2026-03-29 09:00', '2026-03-30 00:00'],
    ]);
    // The shift across the change is an hour short: Sat 09:00 CET to Sun 09:00 CEST.
    expect(week1!.days[5]!.segments[1]).toMatchObject({ personId: 'ben', handoffIn: true, handoffOut: false });
  });

  it('marks overrides and gives a 25-hour day in the autumn, in the viewer zone not the rotation zone', () => {
    const from = weekStartOf(new Date('2026-10-21T12:00:00Z'), 'Europe/Berlin');
    const to = weeksEnd(from, 'Europe/Berlin', 1);
    const override = { id: 'ov-1', rotationId: 'ops', personId: 'cy', start: '2026-10-24T10:00:00Z', end: '2026-10-24T14:00:00Z' };
    const [week] = calendarWeeks(shiftsBetween(DAILY, [override], from, to), 'Europe/Berlin', from, 1);
    const sunday = week!.days[6]!;
    expect(sunday.end.getTime() - sunday.start.getTime()).toBe(25 * 3_600_000);
    expect(sunday.segments.filter((s) => s.handoffIn).map((s) => local(s.start))).toEqual(['2026-10-25 09:00']);
    const saturday = week!.days[5]!;
    expect(saturday.segments.map((s) => [s.personId, local(s.start), local(s.end), s.override])).toEqual([
      ['ann', '2026-10-24 00:00', '2026-10-24 09:00', false],
      ['ben', '2026-10-24 09:00', '2026-10-24 12:00', false],
      ['cy', '2026-10-24 12:00', '2026-10-24 16:00', true],
      ['ben', '2026-10-24 16:00', '2026-10-25 00:00', false],
    ]);
    // Seen from New York the same handoffs are at 04:00 (03:00 in the week the US has not changed yet).
    const nyFrom = weekStartOf(new Date('2026-10-21T12:00:00Z'), 'America/New_York');
    const ny = calendarWeeks(shiftsBetween(DAILY, [], nyFrom, weeksEnd(nyFrom, 'America/New_York', 1)), 'America/New_York', nyFrom, 1);
    const nyHandoffs = ny[0]!.days.flatMap((d) => d.segments.filter((s) => s.handoffIn).map((s) => local(s.start, 'America/New_York')));
    expect(nyHandoffs.slice(-3)).toEqual(['2026-10-23 03:00', '2026-10-24 03:00', '2026-10-25 04:00']);
  });
});
