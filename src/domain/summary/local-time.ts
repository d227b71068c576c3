import { DateTime } from 'luxon';

/**
 * Instants as the people of a zone read them, for posts and notices: the full date, the time and
 * the zone's abbreviation (`Mon 30 Mar 2026 09:00 CEST`), so a reader never has to guess which
 * side of a clock change a handoff falls on.
 */

/** `CEST`, `EDT`; `UTC+05:30` where the zone has no abbreviation in English. */
export function zoneAbbreviation(at: Date, zone: string): string {
  for (const locale of ['en-US', 'en-GB']) {
    const name = DateTime.fromJSDate(at, { zone }).setLocale(locale).toFormat('ZZZZ');
    if (!/^GMT[+-]/.test(name)) return name;
  }
  return `UTC${DateTime.fromJSDate(at, { zone }).toFormat('ZZ')}`;
}

export function formatLocal(at: Date, zone: string): string {
  return `${DateTime.fromJSDate(at, { zone }).setLocale('en-GB').toFormat('ccc d LLL yyyy HH:mm')} ${zoneAbbreviation(at, zone)}`;
}

/** `Mon 30 Mar 2026`. */
export function formatLocalDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).setLocale('en-GB').toFormat('ccc d LLL yyyy');
}

/** The same wall-clock time `days` local days later: a week after Mon 09:00 CET is Mon 09:00 CEST. */
export function plusLocalDays(at: Date, zone: string, days: number): Date {
  return DateTime.fromJSDate(at, { zone }).plus({ days }).toJSDate();
}

export interface ClockChange {
  /** The first instant with the new offset. */
  readonly at: Date;
  readonly from: string;
  readonly to: string;
}

/** The zone's offset changes in [from, to), found by walking hours and narrowing to the minute. */
export function clockChanges(zone: string, from: Date, to: Date): ClockChange[] {
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const changes: ClockChange[] = [];
  const HOUR = 3_600_000;
  for (let t = from.getTime(); t < to.getTime(); t += HOUR) {
    const next = Math.min(t + HOUR, to.getTime());
    if (offset(t) === offset(next)) continue;
    // Offsets change on whole minutes: narrow [lo, hi] in minutes until they are adjacent.
    let lo = Math.floor(t / 60_000);
    let hi = Math.ceil(next / 60_000);
    const before = offset(t);
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (offset(mid * 60_000) === before) lo = mid;
      else hi = mid;
    }
    lo *= 60_000;
    hi *= 60_000;
    changes.push({ at: new Date(hi), from: zoneAbbreviation(new Date(lo), zone), to: zoneAbbreviation(new Date(hi), zone) });
  }
  return changes;
}
