import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/config/policy-check';
import { NASTY_TEXT } from '../support/hostile-requests';

// The policy file loader (`tocsin config check`, and every start) on text nobody should write:
// random text, the example file broken line by line, YAML bombs and nesting that overflows the
// parser. It answers with problems, or a policy, and never throws; and the process survives it
// several times over (past a stack overflow inside the parser, V8 may abort on the next parse).

const EXAMPLE = readFileSync(new URL('../../tocsin.example.yml', import.meta.url), 'utf8');
const EXAMPLE_LINES = EXAMPLE.split('\n');

function answers(text: string): void {
  const check = checkPolicyText(text, {});
  expect(Array.isArray(check.errors)).toBe(true);
  if (check.policy) expect(check.errors).toEqual([]);
  else expect(check.errors.length).toBeGreaterThan(0);
  for (const p of [...check.errors, ...check.warnings]) {
    expect(typeof p.message).toBe('string');
    expect(p.message).not.toMatch(/\n\s+at /);
  }
}

const lineEdit = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.oneof(fc.string(), fc.constantFrom(...NASTY_TEXT, '- [', '{', '&a x', '*a', '!!binary x', '? ', ': :', '<<: *x')) }),
);

type LineEdit = typeof lineEdit extends fc.Arbitrary<infer E> ? E : never;

function edit(lines: readonly string[], edits: readonly LineEdit[]): string {
  const out = [...lines];
  for (const e of edits) {
    const i = e.at % out.length;
    if (e.op === 'delete') out.splice(i, 1);
    else if (e.op === 'duplicate') out.splice(i, 0, out[i]!);
    else if (e.op === 'indent') out[i] = e.by >= 0 ? ' '.repeat(e.by) + out[i] : out[i]!.replace(new RegExp(`^ {0,${-e.by}}`), '');
    else out[i] = out[i]!.replace(/:.*$/, `: ${e.text}`);
  }
  return out.join('\n');
}

describe('policy file loader on hostile text', () => {
  it('takes the example as it stands', () => {
    expect(checkPolicyText(EXAMPLE, {}).errors).toEqual([]);
  });

  it('answers problems or a policy for any text', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.jsonValue().map((v) => JSON.stringify(v) ?? '')), answers), { numRuns: 500 });
  });

  it('answers problems or a policy for the example broken line by line', () => {
    fc.assert(fc.property(fc.array(lineEdit, { minLength: 1, maxLength: 5 }), (edits) => answers(edit(EXAMPLE_LINES, edits))), { numRuns: 300 });
  });

  it.each([
    ['flow sequences', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['unclosed flow sequences', '['.repeat(100_000)],
    ['flow mappings', '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000)],
    ['block sequences on one line', '- '.repeat(20_000) + 'x'],
    ['indented mappings', Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1'],
    ['explicit keys', '? '.repeat(20_000) + 'x'],
  ])('%s nested past any sane depth: refused with the line, again and again', (_name, text) => {
    for (let i = 0; i < 5; i++) {
      const check = checkPolicyText(text, {});
      expect(check.policy).toBeUndefined();
      expect(check.errors[0]?.message).toMatch(/nested deeper than/);
    }
  });

  it('an alias bomb is refused, not expanded', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    const check = checkPolicyText(levels.join('\n'), {});
    expect(check.policy).toBeUndefined();
    expect(check.errors.length).toBeGreaterThan(0);
  });
});
