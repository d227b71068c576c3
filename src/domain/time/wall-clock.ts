import { IANAZone } from 'luxon';
import { LruMap } from '../lru-map';

/**
 * Wall-clock maths: local dates and times in an IANA zone, and the one rule that turns them into
 * instants (SPEC "Time rules"). Everything else in Tocsin passes instants around; only this module
 * knows that a local time can be missing or doubled.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A calendar date with no zone: `2026-03-29`. Months and days count from 1. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A time of day with no zone: `09:00`. */
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

const MINUTE_MS = 60_000;
// Every offset in the tz database lies within UTC-12..UTC+14, so the instant for a wall-clock
// time L is in [L - 14h, L + 12h]; the offsets at those two edges are the candidates.
const EARLIEST_MS = 14 * 3_600_000;
const LATEST_MS = 12 * 3_600_000;

export function isWeekday(text: string): text is Weekday {
  return (WEEKDAYS as readonly string[]).includes(text);
}

export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** `HH:MM`, 00:00 to 23:59; undefined when the text is anything else. */
export function parseLocalTime(text: string): LocalTime | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/** `YYYY-MM-DD` naming a real calendar day; undefined otherwise (`2026-02-30` included). */
export function parseLocalDate(text: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = addDays(date, 0);
  return back.year === date.year && back.month === date.month && back.day === date.day ? date : undefined;
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Calendar arithmetic: no zone is involved, so a day is always one day. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function weekdayOf(date: LocalDate): Weekday {
  const sundayFirst = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7];
}

// Asking Intl for an offset costs ~10 µs and rotations ask for the same instants again and again
// (every "who is on call" walks the same handoffs), so answers are kept: at most OFFSETS_KEPT per
// zone (emptied when full: cheaper on this hot path than keeping an order) for the ZONES_KEPT zones
// used last, so memory is bounded whatever zones and instants are asked about.
const OFFSETS_KEPT = 4096;
const ZONES_KEPT = 64;
const offsetCache = new LruMap<string, Map<number, number>>(ZONES_KEPT);

/** How many offsets are kept now, over every zone (for the test of the bound). */
export function offsetsKept(): number {
  let n = 0;
  for (const [, kept] of offsetCache) n += kept.size;
  return n;
}

/** The zone's UTC offset in milliseconds at an instant. Throws on an unknown zone. */
function offsetsOf(zone: string): (ts: number) => number {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new RangeError(`unknown time zone: ${zone}`);
  let kept = offsetCache.get(tz.name);
  if (!kept) offsetCache.set(tz.name, (kept = new Map()));
  const cache = kept;
  return (ts) => {
    let offset = cache.get(ts);
    if (offset === undefined) {
      if (cache.size >= OFFSETS_KEPT) cache.clear();
      offset = tz.offset(ts) * MINUTE_MS;
      cache.set(ts, offset);
    }
    return offset;
  };
}

/**
 * The instant at which the clocks in `zone` show `time` on `date`.
 * - A time that does not exist (skipped by a spring-forward gap) is read with the offset in force
 *   before the gap, as RFC 5545 does: New York 2026-03-08 02:30 → 03:30 EDT (07:30Z).
 * - A time that happens twice (fall back) is its first occurrence, the one with the earlier
 *   instant: New York 2026-11-01 01:30 → 01:30 EDT (05:30Z), not 01:30 EST.
 * Throws on an unknown zone: zones are checked where they enter (rotation and policy checks).
 */
export function wallClockToInstant(date: LocalDate, time: LocalTime, zone: string): Date {
  const offsetAt = offsetsOf(zone);
  // The wall-clock reading as if it were UTC; subtracting the zone's offset gives the instant.
  const local = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const early = offsetAt(local - EARLIEST_MS);
  const late = offsetAt(local + LATEST_MS);
  // Almost always the offset is the same on both edges and fits (three lookups, not six).
  if (early === late && offsetAt(local - early) === early) return new Date(local - early);
  const candidates = new Set([early, late, offsetAt(local - offsetAt(local))]);
  const fits = [...candidates].filter((o) => offsetAt(local - o) === o);
  // Two fitting offsets: the time happens twice; the larger offset gives the first occurrence.
  if (fits.length > 0) return new Date(local - Math.max(...fits));
  // In a gap: no offset fits. The earliest candidate instant lies before the transition, so the
  // offset in force there is the one before the gap.
  const before = offsetAt(local - Math.max(...candidates));
  return new Date(local - before);
}
