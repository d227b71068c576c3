import { DateTime } from 'luxon';
import { addDays, formatLocalDate, wallClockToInstant, type LocalDate } from '../time/wall-clock';

/**
 * When a five-field cron expression (`0 9 * * mon`) runs in a zone, computed from the wall clock
 * by the SPEC time rules, not by a timer: a time skipped by spring-forward runs at the same
 * wall-clock offset after the gap (02:30 → 03:30), a time that happens twice runs once, at its
 * first occurrence. This is what decides which period a summary belongs to; node-cron only wakes
 * the process up (it is known to skip or double runs around clock changes, node-cron#509).
 *
 * Day-of-month and day-of-week must both match, as node-cron reads them (classic Vixie cron
 * matches either when both are restricted; the policy check keeps expressions simple).
 */
export interface CronSchedule {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday (7 is read as 0). */
  readonly weekdays: ReadonlySet<number>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

type Bounds = readonly [min: number, max: number, names?: readonly string[], nameBase?: number];
const BOUNDS: readonly Bounds[] = [[0, 59], [0, 23], [1, 31], [1, 12, MONTH_NAMES, 1], [0, 7, DAY_NAMES, 0]];

function token(text: string, [min, max, names, base = 0]: Bounds): number | undefined {
  const byName = names?.indexOf(text.toLowerCase()) ?? -1;
  const n = byName >= 0 ? byName + base : /^\d+$/.test(text) ? Number(text) : NaN;
  return n >= min && n <= max ? n : undefined;
}

function expand(field: string, bounds: Bounds): number[] | undefined {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] === undefined ? 1 : Number(m[2]);
    const [lo, hi] = m[1] === '*' ? [bounds[0], bounds[1]] : m[1].split('-').map((t) => token(t, bounds));
    const end = m[1] === '*' || m[1].includes('-') ? hi : m[2] === undefined ? lo : bounds[1];
    if (lo === undefined || end === undefined || step < 1 || end < lo) return undefined;
    for (let v = lo; v <= end; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

/** Undefined when the expression is not five valid fields (`tocsin config check` explains why). */
export function parseCron(expression: string): CronSchedule | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const sets = fields.map((f, i) => expand(f, BOUNDS[i]!));
  if (sets.some((s) => s === undefined)) return undefined;
  const [minutes, hours, dom, months, dow] = sets as number[][];
  return { minutes, hours, daysOfMonth: new Set(dom), months: new Set(months), weekdays: new Set(dow.map((d) => d % 7)) };
}

export interface Occurrence {
  readonly at: Date;
  /** The wall-clock reading it was scheduled for, `2026-03-30T09:00`: the period's name. */
  readonly local: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function matchesDay(s: CronSchedule, d: LocalDate): boolean {
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return s.months.has(d.month) && s.daysOfMonth.has(d.day) && s.weekdays.has(weekday);
}

/** The latest run at or before `now`, looking back at most `lookbackDays` local days. */
export function latestOccurrence(s: CronSchedule, zone: string, now: Date, lookbackDays = 400): Occurrence | undefined {
  const today = DateTime.fromJSDate(now, { zone });
  // From tomorrow: a spring-forward time read after the gap can land past local midnight's date.
  let day: LocalDate = addDays({ year: today.year, month: today.month, day: today.day }, 1);
  for (let i = 0; i <= lookbackDays + 1; i++, day = addDays(day, -1)) {
    if (!matchesDay(s, day)) continue;
    // Every run of the day, then the latest: around a clock change wall-clock order and instant
    // order can differ (02:30 on a spring-forward day runs at 03:30, after 03:00's run).
    let best: Occurrence | undefined;
    for (const hour of s.hours) {
      for (const minute of s.minutes) {
        const at = wallClockToInstant(day, { hour, minute }, zone);
        if (at.getTime() <= now.getTime() && (!best || at.getTime() > best.at.getTime())) best = { at, local: `${formatLocalDate(day)}T${pad(hour)}:${pad(minute)}` };
      }
    }
    if (best) return best;
  }
  return undefined;
}
