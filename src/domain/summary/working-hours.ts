import { DateTime } from 'luxon';
import { parseLocalTime, WEEKDAYS, type Weekday } from '../time/wall-clock';

/** When a person is normally at work, in their own zone: `09:00`–`18:00` on the days named. */
export interface WorkingHours {
  readonly start: string;
  readonly end: string;
  readonly days: readonly string[];
}

/** What the summary assumes when the policy file says nothing for a person: 9 to 18, Monday to Friday. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] };

const minutesOf = (text: string, fallback: string) => {
  const t = parseLocalTime(text) ?? parseLocalTime(fallback)!;
  return t.hour * 60 + t.minute;
};

/**
 * Whether `at` falls in the working hours, read on the wall clock of `zone`. Hours that run past
 * midnight (`22:00`–`06:00`) belong to the day they start on.
 */
export function isWorkingTime(at: Date, zone: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(hours.start, DEFAULT_WORKING_HOURS.start);
  const end = minutesOf(hours.end, DEFAULT_WORKING_HOURS.end);
  const weekday = (offset: number): Weekday => WEEKDAYS[(local.weekday - 1 + offset + 7) % 7]!;
  if (start < end) return hours.days.includes(weekday(0)) && minute >= start && minute < end;
  // Overnight: the evening part belongs to today, the early-morning part to yesterday.
  return (minute >= start && hours.days.includes(weekday(0))) || (minute < end && hours.days.includes(weekday(-1)));
}
