import { DateTime, IANAZone } from 'luxon';
import { parseLocalDate, wallClockToInstant } from '../time/wall-clock';
import type { Problem } from '../problem';
import { problem } from './command-args';
import type { SpanSpec, WallClock } from './command';

/**
 * A typed date and time as an instant. With a typed offset (`Z`, `+01:00`) it is fixed; otherwise it
 * is read in the zone by the SPEC time rules, which live in one place: domain/time/wall-clock.ts.
 */
export function wallClockInstant(date: string, time: string, zone: string, offset?: string): Date {
  if (offset) return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}${offset === 'Z' ? 'Z' : offset}`);
  const d = parseLocalDate(date);
  const [h = 0, m = 0, sec = 0] = time.split(':').map(Number);
  if (!d) return new Date(Number.NaN);
  return new Date(wallClockToInstant(d, { hour: h, minute: m }, zone).getTime() + sec * 1000);
}

const nextDay = (date: string): string => DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? date;

/** A date alone means its 00:00; a time alone, the first such local time after `after`. */
function instantOf(clock: WallClock, after: Date, zone: string): Date {
  const time = clock.time ?? '00:00';
  if (clock.date) return wallClockInstant(clock.date, time, zone, clock.offset);
  const today = DateTime.fromJSDate(after, { zone: clock.offset ? (clock.offset === 'Z' ? 'utc' : `UTC${clock.offset}`) : zone }).toISODate() ?? '';
  const sameDay = wallClockInstant(today, time, zone, clock.offset);
  return sameDay > after ? sameDay : wallClockInstant(nextDay(today), time, zone, clock.offset);
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
  let start = now;
  let end: Date;
  if (span.kind === 'for') {
    end = new Date(now.getTime() + span.ms);
  } else {
    if (span.kind === 'between' && span.start.kind === 'at') start = instantOf(span.start, now, zone);
    end = instantOf(span.end, start, zone);
  }
  const typed = span.kind === 'for' ? '' : describe(span.end);
  if (end <= now) return problem('span.end', `${typed} is already past`);
  if (end <= start) return problem('span.end', `${typed} is not after the start`);
  return { start, end };
}
