import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMatcher, matchesLabel, parseMatcher, type LabelMatcher } from '../../../src/domain/routing/label-matcher';

const parsed = (text: string): LabelMatcher => {
  const result = parseMatcher(text);
  if (!result.ok) throw new Error(result.problems[0].message);
  return result.value;
};
const problemOf = (text: string) => {
  const result = parseMatcher(text);
  return result.ok ? undefined : result.problems[0].message;
};

describe('parseMatcher', () => {
  it.each([
    ['team="payments"', 'team', '=', 'payments'],
    ['env!="dev"', 'env', '!=', 'dev'],
    ['severity=~"critical|page"', 'severity', '=~', 'critical|page'],
    ['service!~"test-.*"', 'service', '!~', 'test-.*'],
    ['  _x1 =~ "a"  ', '_x1', '=~', 'a'],
    ['team=payments', 'team', '=', 'payments'],
    ['team=""', 'team', '=', ''],
    ['team=', 'team', '=', ''],
    ['quote="She said: \\"hi\\""', 'quote', '=', 'She said: "hi"'],
    ['path="C:\\\\temp"', 'path', '=', 'C:\\temp'],
    ['msg="a\\nb"', 'msg', '=', 'a\nb'],
    ['code=~"5\\d\\d"', 'code', '=~', '5\\d\\d'],
  ])('reads %s', (text, name, operator, value) => {
    expect(parsed(text)).toMatchObject({ name, operator, value });
  });

  it.each([
    ['="x"', /label name/],
    ['1team="x"', /label name/],
    ['team:sub="x"', /one of = != =~ !~/],
    ['team~"x"', /one of = != =~ !~/],
    ['team=="x"', /unescaped double quote/],
    ['team="a"b"', /unescaped double quote/],
    ['team="open', /no closing double quote/],
    ['team="ends with escaped quote\\"', /no closing double quote/],
    ['team=~"(unclosed"', /invalid regular expression "\(unclosed"/],
  ])('refuses %s', (text, problem) => {
    expect(problemOf(text)).toMatch(problem);
  });
});

describe('matchesLabel', () => {
  const labels = { team: 'payments', severity: 'critical', code: '503' };

  it('compares equal and not-equal exactly', () => {
    expect(matchesLabel(parsed('team="payments"'), labels)).toBe(true);
    expect(matchesLabel(parsed('team="pay"'), labels)).toBe(false);
    expect(matchesLabel(parsed('team!="payments"'), labels)).toBe(false);
    expect(matchesLabel(parsed('team!="web"'), labels)).toBe(true);
  });

  it('anchors regexes at both ends, as Alertmanager does', () => {
    expect(matchesLabel(parsed('severity=~"crit"'), labels)).toBe(false);
    expect(matchesLabel(parsed('severity=~"crit.*"'), labels)).toBe(true);
    expect(matchesLabel(parsed('severity=~"warning|critical"'), labels)).toBe(true);
    expect(matchesLabel(parsed('severity=~"x|crit"'), labels)).toBe(false);
    expect(matchesLabel(parsed('code=~"5\\d\\d"'), labels)).toBe(true);
    expect(matchesLabel(parsed('severity!~"warn.*"'), labels)).toBe(true);
    expect(matchesLabel(parsed('severity!~"crit.*"'), labels)).toBe(false);
  });

  it('reads a missing label as the empty string', () => {
    expect(matchesLabel(parsed('env=""'), labels)).toBe(true);
    expect(matchesLabel(parsed('env!="prod"'), labels)).toBe(true);
    expect(matchesLabel(parsed('env=~".*"'), labels)).toBe(true);
    expect(matchesLabel(parsed('env=~".+"'), labels)).toBe(false);
  });

  it('reads labels named like Object.prototype members only when the alert has them', () => {
    expect(matchesLabel(parsed('constructor=""'), labels)).toBe(true);
    expect(matchesLabel(parsed('toString!~".+"'), labels)).toBe(true);
    expect(matchesLabel(parsed('hasOwnProperty=~".*"'), labels)).toBe(true);
    expect(matchesLabel(parsed('__proto__=""'), labels)).toBe(true);
    const awkward = JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string>;
    expect(matchesLabel(parsed('__proto__="x"'), awkward)).toBe(true);
    expect(matchesLabel(parsed('constructor=~"y"'), awkward)).toBe(true);
  });

  it('turns a leading (?i) into a case-insensitive match', () => {
    expect(matchesLabel(parsed('severity=~"(?i)CRITICAL"'), labels)).toBe(true);
  });

  it('works on a matcher rebuilt from plain data (no compiled regex)', () => {
    expect(matchesLabel({ name: 'team', operator: '=~', value: 'pay.*' }, labels)).toBe(true);
  });
});

describe('formatMatcher', () => {
  it('round-trips any value through parseMatcher', () => {
    const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/);
    const operator = fc.constantFrom('=' as const, '!=' as const);
    fc.assert(
      fc.property(name, operator, fc.string(), (n, op, value) => {
        const again = parsed(formatMatcher({ name: n, operator: op, value }));
        expect(again).toEqual({ name: n, operator: op, value });
      }),
    );
  });
});
