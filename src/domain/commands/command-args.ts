import { parseIncidentRef } from '../incident/incident';
import { fail, ok, type Problem, type Result } from '../problem';
import type { PersonRef } from './command';

/** A word of the command and where it stands in the text, so free text can be cut out as typed. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** What an argument parser gets: the words after the verb, the text they came from, an INC-n typed before the verb. */
export interface CommandArgs {
  readonly source: string;
  readonly tokens: readonly Token[];
  readonly incident?: number;
}

/** Splits on any whitespace, the no-break space Teams sends included. */
export function tokenize(source: string): Token[] {
  return [...source.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

export function argsOf(source: string, tokens: readonly Token[], incident?: number): CommandArgs {
  return { source, tokens, incident };
}

/** The text from the token at `index` to the last one, spacing, line breaks and markup kept. */
export function textFrom(args: CommandArgs, index: number): string {
  const first = args.tokens[index];
  const last = args.tokens[args.tokens.length - 1];
  return first && last ? args.source.slice(first.start, last.end) : '';
}

/** `INC-12`, `inc-12` or `#12`; a bare number is not taken, it would shadow `sev 2` or `schedule x 4`. */
export function incidentToken(text: string): number | undefined {
  return /^(?:inc-|#)\d{1,9}$/i.test(text) ? parseIncidentRef(text) : undefined;
}

export function personToken(text: string): PersonRef | undefined {
  if (/^@?(?:me|myself)$/i.test(text)) return { kind: 'self' };
  const m = /^@(\w[\w.:@+-]*)$/u.exec(text);
  return m?.[1] ? { kind: 'mention', id: m[1] } : undefined;
}

/** Rotation and service ids, as the policy file spells them. */
export function nameToken(text: string): string | undefined {
  return /^[a-z0-9][\w.-]{0,63}$/i.test(text) ? text : undefined;
}

/** `9:00`, `18:00`, `18:00:30` → `09:00`, `18:00`, `18:00:30`. */
export function timeToken(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m?.[1] || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) return undefined;
  return `${m[1].padStart(2, '0')}:${m[2]}${m[3] ? `:${m[3]}` : ''}`;
}

export const problem = (path: string, message: string): Problem => ({ path, message });

export function show(text: string): string {
  return `\`${text.length > 40 ? `${text.slice(0, 39)}…` : text}\``;
}

/** Refuses words left over after everything the command takes. */
export function expectEnd(tokens: readonly Token[], from = 0): Problem | undefined {
  const extra = tokens[from];
  return extra && problem('args', `unexpected ${show(extra.text)}`);
}

/**
 * Takes the INC-n of an incident command. Commands without free text take it anywhere; commands
 * with free text only right after the verb, so a note may mention INC-7 without acting on it.
 */
export function takeIncident(args: CommandArgs, anywhere: boolean): Result<{ incident?: number; rest: CommandArgs }> {
  const refs = args.tokens.map((t, i) => ({ n: incidentToken(t.text), i })).filter((r) => r.n !== undefined && (anywhere || r.i === 0));
  const numbers = new Set([args.incident, ...refs.map((r) => r.n)].filter((n) => n !== undefined));
  if (numbers.size > 1) return fail(problem('incident', `name one incident, not ${[...numbers].map((n) => `INC-${n}`).join(' and ')}`));
  const taken = new Set(refs.map((r) => r.i));
  const tokens = args.tokens.filter((_, i) => !taken.has(i));
  return ok({ incident: [...numbers][0], rest: argsOf(args.source, tokens) });
}

/** For commands that act on no incident: an INC-n typed before the verb is a mistake worth saying. */
export function noIncident(args: CommandArgs): Problem | undefined {
  return args.incident === undefined ? undefined : problem('incident', `this command takes no INC-${args.incident}`);
}
