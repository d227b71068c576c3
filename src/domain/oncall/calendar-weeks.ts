import { DateTime } from 'luxon';
import type { Shift } from './shifts';

/** One person's time on call within one local day. */
export interface DaySegment {
  readonly personId: string;
  readonly start: Date;
  readonly end: Date;
  /** An override put them there. */
  readonly override: boolean;
  /** A handoff happens inside this day at `start` (otherwise the shift began on an earlier day). */
  readonly handoffIn: boolean;
  /** Their shift ends inside this day at `end` (otherwise it runs past midnight). */
  readonly handoffOut: boolean;
}

export interface CalendarDay {
  /** Local date `YYYY-MM-DD` in the zone the calendar is drawn in. */
  readonly date: string;
  readonly start: Date;
  readonly end: Date;
  readonly segments: readonly DaySegment[];
}

/** Monday to Sunday. */
export interface CalendarWeek {
  readonly days: readonly CalendarDay[];
}

/** Midnight starting the local Monday of the week `at` falls in, in `zone`. */
export function weekStartOf(at: Date, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).startOf('week').toJSDate();
}

/** Where `weeks` weeks from `weekStart` end: local midnight, however many hours the clock changes add or take. */
export function weeksEnd(weekStart: Date, zone: string, weeks: number): Date {
  return DateTime.fromJSDate(weekStart, { zone }).plus({ weeks }).toJSDate();
}

/**
 * Shifts laid out as a week grid in `zone` (the viewer's): days run from local midnight to local
 * midnight, so a day the clocks change on is 23 or 25 hours long and a 09:00 handoff stays at
 * 09:00 on both sides of the change. Each day lists who is on call in it, cut at its midnights.
 */
export function calendarWeeks(shifts: readonly Shift[], zone: string, weekStart: Date, weeks: number): CalendarWeek[] {
  const first = DateTime.fromJSDate(weekStart, { zone });
  return Array.from({ length: weeks }, (_, w) => ({
    days: Array.from({ length: 7 }, (_, d) => {
      const day = first.plus({ weeks: w, days: d });
      const start = day.toJSDate();
      const end = day.plus({ days: 1 }).toJSDate();
      const segments = shifts
        .filter((s) => s.start < end && s.end > start)
        .map((s) => ({
          personId: s.personId,
          start: new Date(Math.max(s.start.getTime(), start.getTime())),
          end: new Date(Math.min(s.end.getTime(), end.getTime())),
          override: s.overrideId !== undefined,
          handoffIn: s.start > start,
          handoffOut: s.end < end,
        }));
      return { date: day.toISODate()!, start, end, segments };
    }),
  }));
}
