import { describe, expect, it, vi } from 'vitest';
import { matchesLabel, parseMatcher, type LabelMatcher } from '../../../src/domain/routing/label-matcher';

const parsed = (text: string): LabelMatcher => {
  const result = parseMatcher(text);
  if (!result.ok) throw new Error(result.problems[0].message);
  return result.value;
};
const matches = (pattern: string, value: string) => matchesLabel(parsed(`l=~${JSON.stringify(pattern)}`), { l: value });
const problemOf = (pattern: string) => {
  const result = parseMatcher(`l=~${JSON.stringify(pattern)}`);
  return result.ok ? undefined : result.problems[0].message;
};

describe('route regexes run in linear time (RE2, as Alertmanager)', () => {
  // With JavaScript's backtracking RegExp a 28-character label took 3.8 s here, x4 per 2 more.
  const catastrophic = parsed('instance=~"(\\w+\\s?)*:9100"');

  /** Runs `match` (on short labels) with RegExp.prototype.exec watched: a backtracking engine calls it. */
  const usesRegExp = (match: () => void): boolean => {
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    try {
      match();
      return exec.mock.calls.length > 0;
    } finally {
      exec.mockRestore();
    }
  };

  it('never hands a label to a backtracking engine (JavaScript RegExp)', () => {
    const alternation = parsed('l!~"(a|aa)*b"');
    expect(
      usesRegExp(() => {
        expect(matchesLabel(catastrophic, { instance: 'a'.repeat(16) })).toBe(false);
        expect(matchesLabel(alternation, { l: 'a'.repeat(16) })).toBe(true);
      }),
    ).toBe(false);
  });

  it('answers the catastrophic pattern on a 10,000-character label at once', () => {
    // A backtracking engine would hang here rather than fail: it is caught on a short label first.
    expect(usesRegExp(() => matchesLabel(catastrophic, { instance: 'a'.repeat(16) }))).toBe(false);
    const started = performance.now();
    expect(matchesLabel(catastrophic, { instance: 'a'.repeat(10_000) })).toBe(false);
    expect(matchesLabel(catastrophic, { instance: 'ab '.repeat(3_333) + ':9100' })).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('RE2 semantics, as Go reads an Alertmanager matcher', () => {
  it('matches the whole value, wrapped as ^(?:…)$', () => {
    expect(matches('crit', 'critical')).toBe(false);
    expect(matches('crit|critical', 'critical')).toBe(true);
    expect(matches('x', 'x\n')).toBe(false);
    // Go compiles "^(?:" + value + ")$", so this value reads as `^(?:a)|(b)$`: starts with a, or ends with b.
    expect(matches('a)|(b', 'a-anything')).toBe(true);
  });

  it('reads inline flags anywhere: (?i) for case, (?s) for . to match a newline', () => {
    expect(matches('(?i)CRITICAL', 'critical')).toBe(true);
    expect(matches('page-(?i)HIGH', 'page-high')).toBe(true);
    expect(matches('page-(?i)HIGH', 'PAGE-high')).toBe(false);
    expect(matches('a.c', 'a\nc')).toBe(false);
    expect(matches('(?s)a.c', 'a\nc')).toBe(true);
    expect(matches('(?is)A.C', 'a\nc')).toBe(true);
  });

  it('counts in code points, and . matches \\r as in Go', () => {
    expect(matches('.', '😀')).toBe(true);
    expect(matches('a.b', 'a\rb')).toBe(true);
  });

  it('has Go character classes: POSIX, Unicode, and ASCII-only \\s \\d \\w', () => {
    expect(matches('[[:alpha:]]+-[[:digit:]]+', 'web-01')).toBe(true);
    expect(matches('\\pL+', 'héllo')).toBe(true);
    expect(matches('\\s', '\u00a0')).toBe(false);
    expect(matches('\\d+', '١٢')).toBe(false);
    expect(matches('\\w+', 'db_01')).toBe(true);
  });
});

describe('patterns RE2 refuses', () => {
  it.each([
    ['(a)\\1', /backreferences .* not supported/],
    ['(?<n>a)\\k<n>', /backreferences .* not supported/],
    ['(?=prod)\\w+', /lookahead and lookbehind .* not supported/],
    ['(?!test)\\w+', /lookahead and lookbehind .* not supported/],
    ['(?<=a)b', /lookahead and lookbehind .* not supported/],
    ['(?<!a)b', /lookahead and lookbehind .* not supported/],
  ])('refuses %s and says RE2 has no such syntax', (pattern, hint) => {
    const problem = problemOf(pattern);
    expect(problem).toMatch(hint);
    expect(problem).toContain(`invalid regular expression "${pattern}"`);
    expect(problem).toContain('RE2 syntax, as Alertmanager does');
  });

  it.each([
    ['(unclosed', 'missing closing )'],
    ['a**', 'invalid nested repetition operator: `**`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
  ])('refuses %s with the RE2 reason, never our ^(?:…)$ wrapper', (pattern, reason) => {
    expect(problemOf(pattern)).toBe(`invalid regular expression "${pattern}": ${reason}`);
  });
});
