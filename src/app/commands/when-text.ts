import { DateTime } from 'luxon';
import { formatDuration } from '../../domain/time/duration';

/**
 * `Mon 2026-01-12 09:00 CET`: chat answers always carry the date and the zone, since whoever
 * reads them may be in another zone or read them days later. English names, whatever the host's locale.
 */
export function whenText(at: Date | string, zone: string): string {
  const t = typeof at === 'string' ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return t.setLocale('en-US').toFormat('ccc yyyy-LL-dd HH:mm ZZZZ');
}

/** `2h5m`, to the minute: how long ago something began. */
export function ageText(since: string, now: Date): string {
  const ms = Math.max(0, now.getTime() - Date.parse(since));
  return ms < 60_000 ? 'just now' : `${formatDuration(Math.floor(ms / 60_000) * 60_000)} ago`;
}
