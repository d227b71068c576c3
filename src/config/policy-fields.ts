import { DateTime, IANAZone } from 'luxon';
import * as z from 'zod';
import { CHAT_PLATFORMS } from '../domain/chat-platform';
import { WEEKDAYS } from '../domain/time/wall-clock';
import { parseInstant as parseDomainInstant } from '../domain/time/instant';
import { parseMatcher } from '../domain/routing/label-matcher';
import { parseDuration } from '../domain/time/duration';
import { cronProblem } from './policy-cron';

// The value types the policy file is written in. Each carries the message a user sees when it is wrong.

export { WEEKDAYS } from '../domain/time/wall-clock';
export { CHAT_PLATFORMS as PLATFORMS } from '../domain/chat-platform';

export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]*$/, 'expected an id: letters, digits and - _ . @, like platform-primary')
  .describe('An id other entries of this file refer to; unique within its list.');

/** A reference to an id elsewhere in the file; whether it exists is the cross-reference check's job. */
export const refSchema = z.string().min(1, 'expected an id');

/** A duration keeps its text (for messages) beside its length in milliseconds. */
export interface Duration {
  readonly text: string;
  readonly ms: number;
}

const DURATION_HINT = 'expected a duration like 30s, 5m, 1h, 1d or 1h30m';

// `error` only for a wrong type; a missing key falls through to "missing (required)".
export const durationSchema = z.string({ error: (iss) => (iss.input === undefined ? undefined : typeof iss.input === 'number' ? `${DURATION_HINT}: a bare number has no unit` : DURATION_HINT) }).transform((text, ctx): Duration => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.issues.push({ code: 'custom', input: text, message: `${DURATION_HINT}; got '${text}'` });
    return z.NEVER;
  }
  return { text, ms };
});

export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour, quoted), like "09:00"');

export const timeZoneSchema = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'expected an IANA time zone, like Europe/Berlin or America/New_York' });

export const weekdaySchema = z.enum(WEEKDAYS, { error: 'expected a weekday: mon, tue, wed, thu, fri, sat or sun' });

export const platformSchema = z.enum(CHAT_PLATFORMS, { error: 'expected a chat platform: slack or teams' });

/** `2026-01-05`: a calendar day, no zone (the zone beside it says where). */
export const calendarDateSchema = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid, {
    message: 'expected a date YYYY-MM-DD, like 2026-01-05',
  });

/** An instant with its offset, normalized to ISO-8601 UTC with milliseconds (AGENTS.md's time format). */
export const instantSchema = z.string().transform((text, ctx) => {
  const ms = parseInstant(text);
  if (ms === undefined) {
    ctx.issues.push({ code: 'custom', input: text, message: `expected a date-time with its offset, like 2026-12-24T00:00:00+01:00; got '${text}'` });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

/** Milliseconds since the epoch of an ISO-8601 date-time that states its offset; undefined otherwise (the domain's rule). */
export function parseInstant(text: string): number | undefined {
  return parseDomainInstant(text)?.getTime();
}

export const cronSchema = z.string().superRefine((text, ctx) => {
  const problem = cronProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const matcherSchema = z.string().transform((text, ctx) => {
  const parsed = parseMatcher(text);
  if (!parsed.ok) {
    for (const p of parsed.problems) ctx.issues.push({ code: 'custom', input: text, message: `bad matcher: ${p.message}` });
    return z.NEVER;
  }
  return parsed.value;
});

export const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the name of an environment variable, like TOCSIN_AM_TOKEN (the secret itself never goes in this file)');

export const channelRefSchema = z
  .strictObject({
    platform: platformSchema.describe('slack or teams'),
    id: z.string().min(1).describe('The channel id: Slack `C…`, or a Teams conversation id `19:…@thread.tacv2`.'),
  })
  .describe('A chat channel: { platform, id }.');
