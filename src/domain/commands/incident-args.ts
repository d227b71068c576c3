import { parseSeverity, type Severity } from '../incident/severity';
import { fail, ok, type Result } from '../problem';
import { argsOf, expectEnd, nameToken, noIncident, problem, show, takeIncident, textFrom, type CommandArgs } from './command-args';

const QUOTES: Readonly<Record<string, string>> = { '"': '"', '“': '”', '„': '“' };

const severityWord = (text: string | undefined): Severity | undefined => (text && /^sev\d$/i.test(text) ? parseSeverity(text) : undefined);
const badSeverity = (text: string | undefined): boolean => !!text && /^sev\d+$/i.test(text) && !severityWord(text);

interface Declare {
  readonly title: string;
  readonly severity?: Severity;
  readonly service?: string;
}

/**
 * `"Checkout down" payments`: a quoted title lets a service follow without a severity, in any
 * order. When what follows the quotes is not that, the quotes are just part of the title.
 */
function quotedDeclare(args: CommandArgs): Declare | undefined {
  const text = textFrom(args, 0);
  const close = QUOTES[text[0] ?? ''];
  const end = close === undefined ? -1 : text.indexOf(close, 1);
  if (end < 0) return undefined;
  let severity: Severity | undefined;
  let service: string | undefined;
  for (const word of text.slice(end + 1).split(/\s+/).filter(Boolean)) {
    const sev = severityWord(word);
    if (sev && !severity) severity = sev;
    else if (!sev && !service && !badSeverity(word) && nameToken(word)) service = word;
    else return undefined;
  }
  return { title: text.slice(1, end).trim(), severity, service };
}

/** `<title> [sev1-4] [service]`: the service is only read after a severity, else it is part of the title. */
export function parseDeclare(args: CommandArgs): Result<Declare> {
  const wrong = noIncident(args);
  if (wrong) return fail(wrong);
  const last = args.tokens[args.tokens.length - 1]?.text;
  if (badSeverity(last)) return fail(problem('severity', `${show(last ?? '')} is not a severity (sev1 to sev4)`));
  const parsed = quotedDeclare(args) ?? unquotedDeclare(args);
  return parsed.title === '' ? fail(problem('title', 'an incident needs a title')) : ok(parsed);
}

function unquotedDeclare(args: CommandArgs): Declare {
  const words = args.tokens.map((t) => t.text);
  const n = words.length;
  const last = severityWord(words[n - 1]);
  const beforeLast = n >= 2 && nameToken(words[n - 1] ?? '') ? severityWord(words[n - 2]) : undefined;
  const titleWords = last ? n - 1 : beforeLast ? n - 2 : n;
  const title = textFrom(argsOf(args.source, args.tokens.slice(0, titleWords)), 0);
  if (last) return { title, severity: last };
  return beforeLast ? { title, severity: beforeLast, service: words[n - 1] } : { title };
}

/** `ack`, `escalate`, `status`, `timeline`: only an INC-n, anywhere. */
export function parseIncidentOnly(args: CommandArgs): Result<{ incident?: number }> {
  const taken = takeIncident(args, true);
  if (!taken.ok) return taken;
  const extra = expectEnd(taken.value.rest.tokens);
  return extra ? fail(extra) : ok({ incident: taken.value.incident });
}

/** `resolve [INC-n] [summary]`, `note [INC-n] <text>`: the rest of the line, as typed. */
export function parseFreeText(args: CommandArgs): Result<{ incident?: number; text: string }> {
  const taken = takeIncident(args, false);
  return taken.ok ? ok({ incident: taken.value.incident, text: textFrom(taken.value.rest, 0) }) : taken;
}

/** `sev 2`, `assign @bob`: one word read by `read`, INC-n anywhere. */
export function parseOneWord<T>(args: CommandArgs, what: string, read: (word: string) => T | undefined): Result<{ incident?: number; value: T }> {
  const taken = takeIncident(args, true);
  if (!taken.ok) return taken;
  const [word, ...rest] = taken.value.rest.tokens;
  if (!word) return fail(problem('args', `missing ${what}`));
  const value = read(word.text);
  if (value === undefined) return fail(problem('args', `${show(word.text)} is not ${what}`));
  const extra = expectEnd(rest);
  return extra ? fail(extra) : ok({ incident: taken.value.incident, value });
}
