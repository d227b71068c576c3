import { DateTime } from 'luxon';
import { parseDuration } from '../time/duration';
import { fail, ok, type Result } from '../problem';
import { problem, show, timeToken } from './command-args';
import type { SpanPoint, SpanSpec, WallClock } from './command';

export const SPAN_FORMS = '2h, for 3h, until 18:00, until 2026-12-01 09:00, or <from> <to>';

const MINUTE = 60_000;
const LONGEST = 366 * 86_400_000;
const UNIT_WORDS: Readonly<Record<string, string>> = { min: 'm', mins: 'm', minute: 'm', minutes: 'm', hour: 'h', hours: 'h', hr: 'h', hrs: 'h', day: 'd', days: 'd', week: 'w', weeks: 'w' };

/** `2h`, `1h30m`, `2 hours`; the whole list or nothing. */
function readDuration(words: readonly string[]): Result<number> | undefined {
  const [n, unit] = words;
  const text = words.length === 1 ? n : words.length === 2 && n && /^\d+$/.test(n) && unit ? `${n}${UNIT_WORDS[unit.toLowerCase()] ?? unit}` : undefined;
  const ms = text === undefined ? undefined : parseDuration(text);
  if (ms === undefined) return undefined;
  if (ms < MINUTE || ms > LONGEST) return fail(problem('span', `${show(words.join(' '))} must be between 1m and 366d`));
  return ok(ms);
}

function readTime(text: string): Result<string> {
  const time = timeToken(text);
  return time ? ok(time) : fail(problem('span', `${show(text)} is not a time (HH:MM)`));
}

function readOffset(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (/^z$/i.test(text)) return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  return m ? `${m[1]}${m[2]}:${m[3]}` : undefined;
}

/**
 * Reads one moment starting at `words[i]`: `18:00`, `2026-12-01`, `2026-12-01 09:00`, or
 * `2026-12-01T09:00[:00][Z|±HH:MM]`. Returns it and how many words it took.
 */
function readWallClock(words: readonly string[], i: number): Result<{ clock: WallClock; used: number }> {
  const word = words[i];
  if (word === undefined) return fail(problem('span', 'missing when it ends (18:00, 2026-12-01 09:00)'));
  if (/^\d{1,2}:\d{2}/.test(word)) {
    const time = readTime(word);
    return time.ok ? ok({ clock: { time: time.value }, used: 1 }) : time;
  }
  const m = /^(\d{4}-\d{2}-\d{2})(?:T([\d:]+?)(z|[+-][\d:]+)?)?$/i.exec(word);
  if (!m?.[1] || !DateTime.fromISO(m[1], { zone: 'utc' }).isValid) return fail(problem('span', `${show(word)} is not a date or time (YYYY-MM-DD HH:MM)`));
  const offset = readOffset(m[3]);
  if (m[3] && !offset) return fail(problem('span', `${show(m[3])} is not an offset (Z or +01:00)`));
  const next = words[i + 1];
  const timeText = m[2] ?? (next && /^\d{1,2}:\d{2}/.test(next) ? next : undefined);
  if (timeText === undefined) return ok({ clock: { date: m[1] }, used: 1 });
  const time = readTime(timeText);
  if (!time.ok) return time;
  return ok({ clock: { date: m[1], time: time.value, ...(offset && { offset }) }, used: m[2] ? 1 : 2 });
}

function readPoint(words: readonly string[], i: number): Result<{ point: SpanPoint; used: number }> {
  if (words[i]?.toLowerCase() === 'now') return ok({ point: { kind: 'now' }, used: 1 });
  const clock = readWallClock(words, i);
  return clock.ok ? ok({ point: { kind: 'at', ...clock.value.clock }, used: clock.value.used }) : clock;
}

function endOf(words: readonly string[], used: number): Result<undefined> {
  const extra = words[used];
  return extra === undefined ? ok(undefined) : fail(problem('span', `unexpected ${show(extra)}`));
}

/** Parses the span words of `/oncall cover` and `/oncall override`. */
export function parseSpan(words: readonly string[]): Result<SpanSpec> {
  const head = words[0]?.toLowerCase();
  if (head === undefined) return fail(problem('span', `missing a span: ${SPAN_FORMS}`));
  if (head === 'for') {
    const ms = readDuration(words.slice(1));
    return ms === undefined ? fail(problem('span', `${show(words.slice(1).join(' ') || 'for')} is not a duration (30m, 2h, 1d)`)) : ms.ok ? ok({ kind: 'for', ms: ms.value }) : ms;
  }
  if (head === 'until' || head === 'till') {
    const end = readWallClock(words, 1);
    if (!end.ok) return end;
    const rest = endOf(words, 1 + end.value.used);
    return rest.ok ? ok({ kind: 'until', end: end.value.clock }) : rest;
  }
  const ms = readDuration(words);
  if (ms) return ms.ok ? ok({ kind: 'for', ms: ms.value }) : ms;
  const skip = head === 'from' ? 1 : 0;
  const start = readPoint(words, skip);
  if (!start.ok) return start;
  let at = skip + start.value.used;
  if (['to', 'until', 'till', '-'].includes(words[at]?.toLowerCase() ?? '')) at += 1;
  const end = readWallClock(words, at);
  if (!end.ok) return end;
  const rest = endOf(words, at + end.value.used);
  return rest.ok ? ok({ kind: 'between', start: start.value.point, end: end.value.clock }) : rest;
}
