import { DateTime } from 'luxon';
import type { RotationPeriod as TypedPeriod } from '../../domain/commands/command';
import { handoffAt, rotationClock, type Rotation, type RotationPeriod } from '../../domain/oncall/rotation';
import { addDays, formatLocalDate, parseLocalDate } from '../../domain/time/wall-clock';

export function periodOf(typed: TypedPeriod): RotationPeriod {
  return typed === 'weekly' ? { kind: 'weekly' } : typed === 'daily' ? { kind: 'daily' } : { kind: 'days', days: typed.days };
}

/**
 * The start date that makes a new rotation's first shift the one running now, so whoever is
 * added first is on call at once rather than from the next handoff. Walks back a day at a time
 * to the latest start whose first handoff is already past: at most a week and a day.
 */
export function startOfShiftNow(rotation: Omit<Rotation, 'start'>, now: Date): string {
  const today = parseLocalDate(DateTime.fromJSDate(now, { zone: rotation.timezone }).toISODate() ?? '');
  if (!today) throw new RangeError(`no local date for ${now.toISOString()} in ${rotation.timezone}`);
  for (let back = 0; back <= 8; back++) {
    const start = formatLocalDate(addDays(today, -back));
    if (handoffAt(rotationClock({ ...rotation, start }), 0) <= now) return start;
  }
  throw new RangeError(`no handoff of ${rotation.id} in the 8 days before ${now.toISOString()}`);
}

const DAY_NAMES = { mon: 'Mondays', tue: 'Tuesdays', wed: 'Wednesdays', thu: 'Thursdays', fri: 'Fridays', sat: 'Saturdays', sun: 'Sundays' } as const;

/** `weekly, Mondays at 09:00 Europe/Berlin`. */
export function cadenceText(r: Rotation): string {
  const period = r.period.kind === 'days' ? `every ${r.period.days} days` : r.period.kind;
  const day = r.handoff.weekday ? `, ${DAY_NAMES[r.handoff.weekday]}` : '';
  return `${period}${day} at ${r.handoff.time} ${r.timezone}`;
}
