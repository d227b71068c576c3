import { fail, ok, type Result } from '../problem';
import { compileRouteRegex, routeRegexMatches, type RouteRegex } from './route-regex';

/**
 * Alertmanager's label matchers: `team="payments"`, `env!="dev"`, `severity=~"critical|page"`,
 * `service!~"test-.*"`. Written so a route copied from an Alertmanager config means the same here.
 */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly operator: MatchOperator;
  /** The value with quotes and escapes removed (for `=~`/`!~` the regex source). */
  readonly value: string;
}

/**
 * For `=~` and `!~`: the value compiled (RE2, anchored at both ends, as Alertmanager does), kept
 * beside the matcher rather than in it: a matcher stays plain data that can be frozen, compared
 * and stored, while the compiled engine keeps its own mutable caches and must not be frozen.
 */
const compiled = new WeakMap<LabelMatcher, RouteRegex>();

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
// Longest first: `=~` must win over `=`.
const OPERATORS: readonly MatchOperator[] = ['=~', '!~', '!=', '='];

/** Parses one matcher; problems carry an empty path for the caller to prefix. */
export function parseMatcher(text: string): Result<LabelMatcher> {
  const source = text.trim();
  const name = NAME.exec(source)?.[0];
  if (!name) return fail({ path: '', message: `expected a label name ([a-zA-Z_][a-zA-Z0-9_]*) first, like team="payments"; got '${text}'` });
  const rest = source.slice(name.length).trimStart();
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  if (!operator) return fail({ path: '', message: `expected one of = != =~ !~ after the label name '${name}'; got '${text}'` });
  const value = unquote(rest.slice(operator.length).trim());
  if (!value.ok) return value;
  if (operator === '=' || operator === '!=') return ok({ name, operator, value: value.value });
  const regex = compileRouteRegex(value.value);
  if (!regex.ok) return regex;
  const matcher: LabelMatcher = { name, operator, value: value.value };
  compiled.set(matcher, regex.value);
  return ok(matcher);
}

/**
 * Does the label set satisfy the matcher? A missing label counts as the empty string, as in
 * Alertmanager. Only own labels count: `constructor` or `toString` must not read Object.prototype's.
 */
export function matchesLabel(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = Object.hasOwn(labels, matcher.name) ? labels[matcher.name]! : '';
  switch (matcher.operator) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return routeRegexMatches(regexOf(matcher), actual);
    case '!~':
      return !routeRegexMatches(regexOf(matcher), actual);
  }
}

/** Back to text, quoted and escaped so `parseMatcher(formatMatcher(m))` gives `m` again. */
export function formatMatcher(matcher: LabelMatcher): string {
  const escaped = matcher.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `${matcher.name}${matcher.operator}"${escaped}"`;
}

function regexOf(matcher: LabelMatcher): RouteRegex {
  const known = compiled.get(matcher);
  if (known) return known;
  const regex = compileRouteRegex(matcher.value);
  if (!regex.ok) throw new Error(`matcher ${matcher.name} holds an invalid regex: ${matcher.value}`);
  compiled.set(matcher, regex.value);
  return regex.value;
}

/**
 * Removes the optional surrounding double quotes and applies OpenMetrics escapes (`\"`, `\\`,
 * `\n`). Like Alertmanager, any other backslash stays literal, so `"5\d\d"` keeps its `\d`.
 */
function unquote(raw: string): Result<string> {
  const quoted = raw.startsWith('"');
  const body = quoted ? raw.slice(1) : raw;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      const next = body[++i];
      out += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
    } else if (c === '"') {
      if (quoted && i === body.length - 1) return ok(out);
      return fail({ path: '', message: `unescaped double quote in the value ${raw} (write \\" inside quotes)` });
    } else {
      out += c;
    }
  }
  return quoted ? fail({ path: '', message: `the value ${raw} has no closing double quote` }) : ok(out);
}
