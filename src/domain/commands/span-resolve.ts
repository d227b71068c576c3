import { DateTime, FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import type { Problem } from '../problem';
import { problem } from './command-args';
import type { SpanSpec, WallClock } from './command';

const DAY = 86_400_000;

/**
 * A local date and time in `zone` as an instant, by SPEC.md's time rules: a time that does not
 * exist (spring forward) is read with the offset before the gap, so 02:30 becomes 03:30; a time
 * that happens twice (fall back) means its first occurrence. Luxon alone picks either occurrence
 * depending on the zone, hence the explicit candidates. Offsets never change twice within a day.
 */
export function wallClockInstant(date: string, time: string, zone: Zone): Date {
  const [y = 0, mo = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = zone.offset(local - DAY);
  const after = zone.offset(local + DAY);
  const valid = [before, after].map((o) => local - o * 60_000).filter((t, i) => zone.offset(t) === [before, after][i]);
  return new Date(valid.length > 0 ? Math.min(...valid) : local - before * 60_000);
}

function zoneOf(clock: WallClock, zone: Zone): Zone {
  if (!clock.offset) return zone;
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(clock.offset);
  return FixedOffsetZone.instance(m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0);
}

const nextDay = (date: string): string => DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? date;

/** A date alone means its 00:00; a time alone, the first such local time after `after`. */
function instantOf(clock: WallClock, after: Date, defaultZone: Zone): Date {
  const zone = zoneOf(clock, defaultZone);
  const time = clock.time ?? '00:00';
  if (clock.date) return wallClockInstant(clock.date, time, zone);
  const today = DateTime.fromJSDate(after, { zone }).toISODate() ?? '';
  const sameDay = wallClockInstant(today, time, zone);
  return sameDay > after ? sameDay : wallClockInstant(nextDay(today), time, zone);
}

function describe(clock: WallClock): string {
  return [clock.date, clock.time].filter(Boolean).join(' ') + (clock.offset ?? '');
}

/**
 * Turns a typed span into instants: `2h` and `until …` start at `now`; `<from> <to>` reads both
 * in `zone` (the rotation's or the person's), `to` being the first such moment after `from`.
 */
export function resolveSpan(span: SpanSpec, now: Date, zone: string): { start: Date; end: Date } | Problem {
  if (!IANAZone.isValidZone(zone)) return problem('zone', `${zone} is not a time zone (e.g. Europe/Berlin)`);
  const local = IANAZone.create(zone);
  let start = now;
  let end: Date;
  if (span.kind === 'for') {
    end = new Date(now.getTime() + span.ms);
  } else {
    if (span.kind === 'between' && span.start.kind === 'at') start = instantOf(span.start, now, local);
    end = instantOf(span.end, start, local);
  }
  const typed = span.kind === 'for' ? '' : describe(span.end);
  if (end <= now) return problem('span.end', `${typed} is already past`);
  if (end <= start) return problem('span.end', `${typed} is not after the start`);
  return { start, end };
}
