import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handoffsBetween } from '../../../src/domain/oncall/handoffs';
import type { Override } from '../../../src/domain/oncall/override';
import { handoffAt, rotationClock, type Rotation, type RotationPeriod } from '../../../src/domain/oncall/rotation';
import { shiftsBetween, type Shift } from '../../../src/domain/oncall/shifts';
import { onCallAt } from '../../../src/domain/oncall/who-is-on-call';
import { formatLocalDate, WEEKDAYS } from '../../../src/domain/time/wall-clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = Date.UTC(2025, 0, 1);
const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
const people = ['p0', 'p1', 'p2', 'p3', 'p4'];

const period: fc.Arbitrary<RotationPeriod> = fc.oneof(
  fc.constant({ kind: 'weekly' as const }),
  fc.constant({ kind: 'daily' as const }),
  fc.integer({ min: 1, max: 10 }).map((days) => ({ kind: 'days' as const, days })),
);
// Handoff minutes favour :00, :15, :30 and :45, where the odd zones' gaps and folds are.
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.oneof(fc.constantFrom(0, 15, 30, 45), fc.integer({ min: 0, max: 59 })));

const rotationArb = (minMembers: number): fc.Arbitrary<Rotation> =>
  fc
    .record({
      timezone: fc.constantFrom(...zones),
      period,
      weekday: fc.constantFrom(...WEEKDAYS),
      time,
      startDay: fc.integer({ min: 0, max: 730 }),
      members: fc.uniqueArray(fc.constantFrom(...people), { minLength: minMembers, maxLength: 5 }),
    })
    .map(({ timezone, period: p, weekday, time: [h, m], startDay, members }) => {
      const d = new Date(BASE + startDay * DAY);
      const start = formatLocalDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
      const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
      return { id: 'r', timezone, period: p, handoff: p.kind === 'weekly' ? { weekday, time: hhmm } : { time: hhmm }, start, members };
    });

/** A window somewhere around the rotation's start, up to 40 days long, on whole minutes. */
const windowArb = fc.tuple(fc.integer({ min: -30 * 24 * 60, max: 800 * 24 * 60 }), fc.integer({ min: 1, max: 40 * 24 * 60 })).map(([from, length]) => ({
  from: BASE + from * 60_000,
  to: BASE + (from + length) * 60_000,
}));

const overridesArb = (win: { from: number; to: number }) =>
  fc.array(
    fc.record({
      at: fc.integer({ min: win.from - 5 * DAY, max: win.to + DAY }),
      length: fc.integer({ min: 1, max: 10 * 24 * 60 }),
      personId: fc.constantFrom(...people, 'x'),
    }),
    { maxLength: 4 },
  ).map((list) =>
    list.map(({ at, length, personId }, i): Override => ({
      id: `o${i}`,
      rotationId: 'r',
      personId,
      start: new Date(at).toISOString(),
      end: new Date(at + length * 60_000).toISOString(),
    })),
  );

const scenario = (minMembers: number) =>
  fc.tuple(rotationArb(minMembers), windowArb).chain(([rotation, win]) => overridesArb(win).map((overrides) => ({ rotation, win, overrides })));

const personAt = (shifts: readonly Shift[], t: number) => shifts.find((s) => s.start.getTime() <= t && t < s.end.getTime())?.personId ?? null;

describe('on-call properties', () => {
  it('shifts are ordered and never overlap; after the first handoff they tile [from, to) with no gap', () => {
    fc.assert(
      fc.property(scenario(1), ({ rotation, win, overrides }) => {
        const shifts = shiftsBetween(rotation, overrides, new Date(win.from), new Date(win.to));
        const firstHandoff = handoffAt(rotationClock(rotation), 0).getTime();
        let covered = win.from;
        for (const s of shifts) {
          expect(s.start.getTime()).toBeLessThan(s.end.getTime());
          expect(s.start.getTime()).toBeGreaterThanOrEqual(covered); // no overlap
          if (s.start.getTime() > covered) expect(s.start.getTime()).toBeLessThanOrEqual(firstHandoff); // a gap only before it
          covered = s.end.getTime();
        }
        if (win.to > firstHandoff) expect(covered).toBe(win.to);
      }),
    );
  });

  it('over whole cycles every member takes the same number of whole shifts', () => {
    fc.assert(
      fc.property(rotationArb(1), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 3 }), (rotation, k, cycles) => {
        const clock = rotationClock(rotation);
        const n = rotation.members.length;
        const shifts = shiftsBetween(rotation, [], handoffAt(clock, k), handoffAt(clock, k + cycles * n));
        expect(shifts).toHaveLength(cycles * n);
        shifts.forEach((s, i) => expect(s.start).toEqual(handoffAt(clock, k + i)));
        for (const member of rotation.members) expect(shifts.filter((s) => s.personId === member)).toHaveLength(cycles);
      }),
    );
  });

  it('an override wins inside its span (the later one where they overlap) and changes nothing elsewhere', () => {
    fc.assert(
      fc.property(scenario(0), fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 10 }), ({ rotation, win, overrides }, fractions) => {
        const [from, to] = [new Date(win.from), new Date(win.to)];
        const withOverrides = shiftsBetween(rotation, overrides, from, to);
        const plain = shiftsBetween(rotation, [], from, to);
        // Probe each override's edges, each shift's edges, and some instants in between.
        const edges = [...overrides.flatMap((o) => [Date.parse(o.start), Date.parse(o.end)]), ...plain.flatMap((s) => [s.start.getTime(), s.end.getTime()])];
        const probes = [...edges.flatMap((t) => [t - 1, t]), ...fractions.map((f) => win.from + Math.floor(f * (win.to - win.from)))].filter((t) => t >= win.from && t < win.to);
        for (const t of probes) {
          const winner = overrides.findLast((o) => Date.parse(o.start) <= t && t < Date.parse(o.end));
          expect(personAt(withOverrides, t)).toBe(winner ? winner.personId : personAt(plain, t));
        }
      }),
    );
  });

  it('onCallAt agrees with shiftsBetween: the span around the instant, and the next one from its end', () => {
    fc.assert(
      fc.property(scenario(0), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), ({ rotation, win, overrides }, f) => {
        const at = win.from + Math.floor(f * (win.to - win.from));
        const { current, next } = onCallAt(rotation, overrides, new Date(at));
        const shifts = shiftsBetween(rotation, overrides, new Date(win.from), new Date(win.to));
        const here = shifts.find((s) => s.start.getTime() <= at && at < s.end.getTime());
        expect(current?.personId ?? null).toBe(here?.personId ?? null);
        if (!current || !here) return;
        expect([here.personId, here.start, here.end]).toEqual([current.personId, new Date(Math.max(current.start.getTime(), win.from)), new Date(Math.min(current.end.getTime(), win.to))]);
        // A joined span names one of the overrides it holds, whichever part of it is looked at.
        for (const shown of [here, current]) {
          const named = overrides.find((o) => o.id === shown.overrideId);
          if (shown.overrideId !== undefined) expect(named && named.personId === shown.personId && Date.parse(named.start) < shown.end.getTime() && Date.parse(named.end) > shown.start.getTime()).toBe(true);
        }
        if (next) expect(next.start).toEqual(current.end);
        if (next && current.end.getTime() < win.to) expect(personAt(shifts, current.end.getTime())).toBe(next.personId);
      }),
    );
  });

  it('handoffsBetween lists exactly the instants where who is on call changes', () => {
    fc.assert(
      fc.property(scenario(0), ({ rotation, win, overrides }) => {
        const handoffs = handoffsBetween(rotation, new Date(win.from), new Date(win.to), overrides);
        const shifts = shiftsBetween(rotation, overrides, new Date(win.from - 1), new Date(win.to));
        const changes = [...new Set(shifts.flatMap((s) => [s.start.getTime(), s.end.getTime()]))].filter((t) => t >= win.from && t < win.to);
        expect(handoffs.map((h) => h.at.getTime())).toEqual(changes.sort((a, b) => a - b));
        for (const h of handoffs) {
          expect(h.incoming).toBe(personAt(shifts, h.at.getTime()));
          expect(h.outgoing).toBe(personAt(shifts, h.at.getTime() - 1));
        }
      }),
    );
  });
});
