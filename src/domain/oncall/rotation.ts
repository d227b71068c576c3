import type { Problem } from '../problem';
import {
  addDays,
  isValidTimeZone,
  isWeekday,
  parseLocalDate,
  parseLocalTime,
  wallClockToInstant,
  WEEKDAYS,
  weekdayOf,
  type LocalDate,
  type LocalTime,
  type Weekday,
} from '../time/wall-clock';

export type RotationPeriod = { readonly kind: 'weekly' } | { readonly kind: 'daily' } | { readonly kind: 'days'; readonly days: number };

/**
 * A rotation: members take turns, one shift each, in order. Handoffs are never stored: the k-th
 * handoff is the local date `first + k * period` at `handoff.time` in `timezone`, so a weekly
 * 09:00 handoff stays 09:00 local across DST (that week's shift is 167 h or 169 h long).
 */
export interface Rotation {
  readonly id: string;
  readonly name?: string;
  readonly timezone: string;
  readonly period: RotationPeriod;
  /** `weekday` only for weekly rotations; a weekly rotation without one hands off on `start`'s weekday. */
  readonly handoff: { readonly weekday?: Weekday; readonly time: string };
  /** `YYYY-MM-DD`: the first shift starts at the first handoff on or after this local date. */
  readonly start: string;
  /** Person ids in order; member i takes shifts k with k mod members.length = i. */
  readonly members: readonly string[];
}

/** Every problem with a rotation at once, named under `path` (`rotations[0]`). */
export function checkRotation(rotation: Rotation, path = 'rotation'): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ path: `${path}.${key}`, message });
  if (!isValidTimeZone(rotation.timezone)) add('timezone', `"${rotation.timezone}" is not an IANA time zone (like Europe/Berlin)`);
  if (!parseLocalTime(rotation.handoff.time)) add('handoff.time', `"${rotation.handoff.time}" is not a time of day as HH:MM (00:00 to 23:59)`);
  if (!parseLocalDate(rotation.start)) add('start', `"${rotation.start}" is not a date as YYYY-MM-DD`);
  const { weekday } = rotation.handoff;
  if (weekday !== undefined && rotation.period.kind !== 'weekly') add('handoff.weekday', 'a weekday is only for weekly rotations');
  if (weekday !== undefined && !isWeekday(weekday)) add('handoff.weekday', `"${weekday}" is not one of ${WEEKDAYS.join(', ')}`);
  if (rotation.period.kind === 'days' && !(Number.isInteger(rotation.period.days) && rotation.period.days >= 1)) {
    add('period.days', 'the number of days must be a whole number, 1 or more');
  }
  rotation.members.forEach((m, i) => {
    if (m.trim() === '') add(`members[${i}]`, 'a member needs a person id');
  });
  return problems;
}

export function periodDays(period: RotationPeriod): number {
  if (period.kind === 'weekly') return 7;
  if (period.kind === 'daily') return 1;
  return period.days;
}

/** A rotation with its texts read once, so shift arithmetic does not re-parse them. */
export interface RotationClock {
  readonly zone: string;
  readonly periodDays: number;
  readonly firstDate: LocalDate;
  readonly time: LocalTime;
}

/** Throws on a rotation that `checkRotation` would refuse: callers check at the edge. */
export function rotationClock(rotation: Rotation): RotationClock {
  const problems = checkRotation(rotation);
  if (problems.length > 0) throw new RangeError(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  const start = parseLocalDate(rotation.start) as LocalDate;
  const { weekday } = rotation.handoff;
  const ahead = rotation.period.kind === 'weekly' && weekday ? (WEEKDAYS.indexOf(weekday) - WEEKDAYS.indexOf(weekdayOf(start)) + 7) % 7 : 0;
  return { zone: rotation.timezone, periodDays: periodDays(rotation.period), firstDate: addDays(start, ahead), time: parseLocalTime(rotation.handoff.time) as LocalTime };
}

/** The k-th handoff (k = 0 starts the first shift). */
export function handoffAt(clock: RotationClock, k: number): Date {
  return wallClockToInstant(addDays(clock.firstDate, k * clock.periodDays), clock.time, clock.zone);
}

/**
 * The number k of the shift running at `at` (handoff k ≤ at < handoff k+1), or -1 before the first
 * handoff. Shifts last the period give or take the DST shift, so a guess from the nominal length is
 * off by at most one or two and a short walk fixes it.
 */
export function shiftNumberAt(clock: RotationClock, at: Date): number {
  const first = handoffAt(clock, 0).getTime();
  if (at.getTime() < first) return -1;
  let k = Math.floor((at.getTime() - first) / (clock.periodDays * 86_400_000));
  while (k > 0 && handoffAt(clock, k).getTime() > at.getTime()) k -= 1;
  while (handoffAt(clock, k + 1).getTime() <= at.getTime()) k += 1;
  return k;
}

/** Who takes shift k; undefined for a rotation without members. */
export function memberOnShift(rotation: Rotation, k: number): string | undefined {
  const n = rotation.members.length;
  return n === 0 || k < 0 ? undefined : rotation.members[k % n];
}
