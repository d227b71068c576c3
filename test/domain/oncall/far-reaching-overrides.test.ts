import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handoffsBetween } from '../../../src/domain/oncall/handoffs';
import type { Override } from '../../../src/domain/oncall/override';
import type { RotationPeriod } from '../../../src/domain/oncall/rotation';
import { shiftsBetween } from '../../../src/domain/oncall/shifts';
import { onCallAt } from '../../../src/domain/oncall/who-is-on-call';
import { formatLocalDate } from '../../../src/domain/time/wall-clock';
import { countingReads, override, plain, rotation, utc } from '../../support/rotations.fixture';

// Overrides may reach as far as the instants Tocsin accepts: years 0100 to 9999. What a lookup
// costs must not grow with that reach; it is measured in rotation shifts worked out (member-list
// reads, see countingReads), which is deterministic, not in time.
const FAR_PAST = '0100-01-01T00:00:00.000Z';
const FAR_FUTURE = '9999-12-31T00:00:00.000Z';
const daily = rotation({ period: { kind: 'daily' }, handoff: { time: '09:00' }, members: ['alice', 'bob', 'carol'] });
/** What one lookup may cost: the member list read when the rotation is checked, and a few shifts around the override's ends. */
const budgetFor = (members: number, overrides: number) => members + 8 * (overrides + 1);

const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'UTC'];
const period: fc.Arbitrary<RotationPeriod> = fc.oneof(fc.constant({ kind: 'weekly' as const }), fc.constant({ kind: 'daily' as const }), fc.integer({ min: 1, max: 10 }).map((days) => ({ kind: 'days' as const, days })));
const instant = (min: string, max: string) => fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true }).map((d) => Math.floor(d.getTime() / 60_000) * 60_000);
const span = fc.record({ start: instant(FAR_PAST, FAR_FUTURE), length: instant('1970-01-01T00:01:00Z', FAR_FUTURE), personId: fc.constantFrom('alice', 'bob', 'x') });

describe('overrides reaching far ahead or far back', () => {
  it('onCallAt costs the same few shifts whatever span the overrides have (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          zone: fc.constantFrom(...zones),
          period,
          start: instant('1970-01-01T00:00:00Z', '2030-12-31T00:00:00Z'),
          members: fc.uniqueArray(fc.constantFrom('alice', 'bob', 'carol', 'dave'), { minLength: 1, maxLength: 4 }),
          at: instant('2020-01-01T00:00:00Z', '2040-01-01T00:00:00Z'),
          // The override that decides at `at`: from any time up to `at` until any time after it.
          from: instant(FAR_PAST, '2020-01-01T00:00:00Z'),
          until: instant('2040-01-01T00:01:00Z', FAR_FUTURE),
          personId: fc.constantFrom('alice', 'bob', 'x'),
          others: fc.array(span, { maxLength: 5 }),
        }),
        ({ zone, period: p, start, members, at, from, until, personId, others }) => {
          const d = new Date(start);
          const day = formatLocalDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
          const list: Override[] = [
            ...others.map((o, i) => override(o.personId, new Date(o.start).toISOString(), new Date(Math.min(o.start + o.length, Date.parse(FAR_FUTURE) + 60_000)).toISOString(), `o${i}`)),
            override(personId, new Date(from).toISOString(), new Date(until).toISOString(), 'main'),
          ].filter((o) => o.end > o.start);
          const counted = countingReads(rotation({ timezone: zone, period: p, handoff: p.kind === 'weekly' ? { weekday: 'wed', time: '09:30' } : { time: '09:30' }, start: day, members }), budgetFor(members.length, list.length));
          const { current, next } = onCallAt(counted.rotation, list, new Date(at));
          // The last override listed wins over its whole span, and the run around `at` holds it whole.
          expect(current?.personId).toBe(personId);
          expect(current!.start.getTime()).toBeLessThanOrEqual(from);
          expect(current!.end.getTime()).toBeGreaterThanOrEqual(until);
          if (next) expect(next.start).toEqual(current!.end);
        },
      ),
    );
  });

  it(`an override until ${FAR_FUTURE}: that person until then, answered at once`, () => {
    const counted = countingReads(daily, budgetFor(3, 1));
    const started = performance.now();
    const who = onCallAt(counted.rotation, [override('xavier', '2026-02-01T00:00:00Z', FAR_FUTURE, 'long')], utc('2026-03-01T00:00:00Z'));
    // A guard, not a benchmark: before the fix this took minutes (44 s for a weekly rotation).
    expect(performance.now() - started).toBeLessThan(1000);
    expect(plain([who.current, who.next])).toEqual(['xavier 2026-02-01T00:00:00.000Z→9999-12-31T00:00:00.000Z (long)', 'bob 9999-12-31T00:00:00.000Z→9999-12-31T08:00:00.000Z']);
  });

  it('an override from year 0100 (or 1970) until next week, on a rotation running since 1970', () => {
    const old = rotation({ start: '1970-01-05' });
    for (const from of [FAR_PAST, '1970-01-01T00:00:00.000Z']) {
      const counted = countingReads(old, budgetFor(3, 1));
      const who = onCallAt(counted.rotation, [override('xavier', from, '2026-03-09T08:00:00Z', 'back')], utc('2026-03-04T12:00:00Z'));
      expect(plain([who.current, who.next])).toEqual([`xavier ${from}→2026-03-09T08:00:00.000Z (back)`, 'alice 2026-03-09T08:00:00.000Z→2026-03-16T08:00:00.000Z']);
      // Asked before the rotation began: the override, then the rotation's shift when it ends.
      expect(plain([onCallAt(old, [override('xavier', from, '2026-03-09T08:00:00Z', 'back')], utc('1970-01-02T00:00:00Z')).current])).toEqual([`xavier ${from}→2026-03-09T08:00:00.000Z (back)`]);
    }
  });

  it('200 overlapping overrides until the year 9999: the last listed wins, at the cost of a few shifts', () => {
    const hour = 3_600_000;
    const list = Array.from({ length: 200 }, (_, i) => override(`c${i}`, new Date(Date.parse('2026-03-01T00:00:00Z') - i * hour).toISOString(), new Date(Date.parse(FAR_FUTURE) - i * hour).toISOString(), `o${i}`));
    const counted = countingReads(daily, budgetFor(3, 1));
    const started = performance.now();
    const who = onCallAt(counted.rotation, list, utc('2026-03-05T00:00:00Z'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(plain([who.current, who.next])).toEqual(['c199 2026-02-20T17:00:00.000Z→9999-12-22T17:00:00.000Z (o199)', 'c198 9999-12-22T17:00:00.000Z→9999-12-22T18:00:00.000Z (o198)']);
  });

  it('schedules and handoffs work out only the shifts they show, however far an override reaches', () => {
    const long = [override('xavier', '2026-03-04T12:00:00Z', FAR_FUTURE, 'long')];
    const counted = countingReads(daily, 3 + 5);
    const shifts = shiftsBetween(counted.rotation, long, utc('2026-03-02T08:00:00Z'), utc('2026-05-25T08:00:00Z'));
    expect(plain(shifts)).toEqual([
      'carol 2026-03-02T08:00:00.000Z→2026-03-03T08:00:00.000Z',
      'alice 2026-03-03T08:00:00.000Z→2026-03-04T08:00:00.000Z',
      'bob 2026-03-04T08:00:00.000Z→2026-03-04T12:00:00.000Z',
      'xavier 2026-03-04T12:00:00.000Z→2026-05-25T08:00:00.000Z (long)',
    ]);
    // A year ahead, as the handoff timer looks for the next handoff: none, and no shift worked out.
    const quiet = countingReads(daily, 3);
    expect(handoffsBetween(quiet.rotation, utc('2026-04-01T00:00:00Z'), utc('2027-05-01T00:00:00Z'), long)).toEqual([]);
  });
});
