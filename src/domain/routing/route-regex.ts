import { RE2JS, RE2JSSyntaxException } from 're2js';
import { fail, ok, type Result } from '../problem';

/**
 * A route's `=~`/`!~` value compiled the way Alertmanager compiles it: Go's RE2 syntax, wrapped as
 * `^(?:value)$`, matched in time linear in the label's length. A backtracking engine (JavaScript's
 * RegExp) let `(\w+\s?)*:9100` and a 30-character label block the server for seconds.
 */
export type RouteRegex = RE2JS;

export function compileRouteRegex(pattern: string): Result<RouteRegex> {
  try {
    return ok(RE2JS.compile(`^(?:${pattern})$`));
  } catch (e) {
    if (!(e instanceof RE2JSSyntaxException)) throw e;
    return fail({ path: '', message: `invalid regular expression "${pattern}": ${reasonOf(e, pattern)}` });
  }
}

/** Go's MatchString on the anchored pattern: the whole value must match, as in Alertmanager. */
export function routeRegexMatches(regex: RouteRegex, value: string): boolean {
  return regex.test(value);
}

// JavaScript-only syntax RE2 refuses on purpose (it cannot be matched in linear time); the bare
// parser message ("invalid escape sequence: `\1`") does not say that.
const UNSUPPORTED: readonly { readonly test: RegExp; readonly hint: string }[] = [
  { test: /^\\([1-9]|k)/, hint: 'backreferences (\\1, \\k<name>) are not supported' },
  { test: /^\(\?(=|!|<=|<!)/, hint: 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported' },
];

function reasonOf(e: RE2JSSyntaxException, pattern: string): string {
  const where = e.getPattern() ?? '';
  // The wrapper `^(?:…)$` is ours: quote the offending part only when it is the user's text.
  const reason = where && pattern.includes(where) ? `${e.getDescription()}: \`${where}\`` : e.getDescription();
  const unsupported = UNSUPPORTED.find((u) => u.test.test(where));
  return unsupported ? `${reason}; ${unsupported.hint}: route regexes use RE2 syntax, as Alertmanager does, which matches in linear time` : reason;
}
