import { fail, ok, type Result } from '../problem';

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
  /** For `=~` and `!~`: the value compiled and anchored at both ends, as Alertmanager does. */
  readonly regex?: RegExp;
}

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
// Longest first: `=~` must win over `=`.
const OPERATORS: readonly MatchOperator[] = ['=~', '!~', '!=', '='];
// RE2 (Go) accepts leading inline flags that JavaScript (Node 20) does not; `(?i)` is common in
// Alertmanager configs, so it becomes the `i` flag instead of a syntax error.
const INLINE_FLAGS = /^\(\?([is]+)\)/;

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
  const regex = compileAnchored(value.value);
  return regex.ok ? ok({ name, operator, value: value.value, regex: regex.value }) : regex;
}

/** Does the label set satisfy the matcher? A missing label counts as the empty string, as in Alertmanager. */
export function matchesLabel(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.operator) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return regexOf(matcher).test(actual);
    case '!~':
      return !regexOf(matcher).test(actual);
  }
}

/** Back to text, quoted and escaped so `parseMatcher(formatMatcher(m))` gives `m` again. */
export function formatMatcher(matcher: LabelMatcher): string {
  const escaped = matcher.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `${matcher.name}${matcher.operator}"${escaped}"`;
}

function regexOf(matcher: LabelMatcher): RegExp {
  if (matcher.regex) return matcher.regex;
  const compiled = compileAnchored(matcher.value);
  if (!compiled.ok) throw new Error(`matcher ${matcher.name} holds an invalid regex: ${matcher.value}`);
  return compiled.value;
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

function compileAnchored(pattern: string): Result<RegExp> {
  const flags = INLINE_FLAGS.exec(pattern);
  const body = flags ? pattern.slice(flags[0].length) : pattern;
  try {
    return ok(new RegExp(`^(?:${body})$`, flags ? [...new Set(flags[1])].join('') : ''));
  } catch (e) {
    // V8 says "Invalid regular expression: /^(?:…)$/: Unterminated group"; the user wants the last part.
    const reason = (e as Error).message.split(': ').at(-1);
    return fail({ path: '', message: `invalid regular expression "${pattern}": ${reason}` });
  }
}
