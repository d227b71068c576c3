import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTidyJson, tidyJson } from '../../../src/adapters/shared/json-tidy';

describe('tidyJson', () => {
  it('keeps ordinary payloads as they are', () => {
    const payload = { alerts: [{ labels: { a: '1' }, annotations: { s: 'ok 🔥' }, values: { A: 1.5 } }], n: null, t: true };
    expect(tidyJson(structuredClone(payload))).toEqual(payload);
  });

  it('cuts what is nested deeper than the limit, keeping the rest', () => {
    const deep = JSON.parse(`{"keep":"x","d":${'['.repeat(100_000)}1${']'.repeat(100_000)}}`);
    const tidy = tidyJson(deep, 3) as { keep: string; d: unknown[] };
    expect(tidy.keep).toBe('x');
    expect(tidy.d).toEqual([['[nested deeper than 3 levels: not kept]']]);
    expect(JSON.stringify(tidyJson(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000))))).toContain('nested deeper than 32 levels');
  });

  it('turns lone surrogates into U+FFFD, in values and keys, and leaves pairs alone', () => {
    expect(tidyJson(JSON.parse('{"a\\ud800":"b\\udc00c","ok":"\\ud83d\\udd25"}'))).toEqual({ 'a\ufffd': 'b\ufffdc', ok: '🔥' });
    expect(tidyJson('\ud800')).toBe('\ufffd');
  });

  it('tidies a __proto__ key as data: its own property changes, never the prototype', () => {
    const tidy = tidyJson(JSON.parse(`{"__proto__":${'['.repeat(10)}${']'.repeat(10)},"constructor":"\\ud800"}`), 3) as Record<string, unknown>;
    expect(Object.getPrototypeOf(tidy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(tidy, '__proto__')?.value).toEqual([['[nested deeper than 3 levels: not kept]']]);
    expect(Object.getOwnPropertyDescriptor(tidy, 'constructor')?.value).toBe('\ufffd');
  });
});

describe('parseTidyJson', () => {
  const agrees = (text: string): void => {
    expect(JSON.stringify(parseTidyJson(text))).toBe(JSON.stringify(tidyJson(JSON.parse(text))));
  };

  it('is tidyJson of JSON.parse, key order included, also when it skips the surrogate check', () => {
    agrees('{"a\\ud800":"b\\udc00c","ok":"\\ud83d\\udd25","\\uDBFF":"upper case escape","z":1}');
    agrees('{"raw":"\ud800","pair":"🔥","k\udc00":[1,"\udfff"]}');
    agrees(`{"keep":"x","d":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`);
    expect(parseTidyJson('"\\ud800"')).toBe('\ufffd');
    expect(parseTidyJson('{"a":"\\\\ud800"}')).toEqual({ a: '\\ud800' });
  });

  it('is tidyJson of JSON.parse for any JSON text', () => {
    const text = fc.jsonValue({ maxDepth: 40 }).chain((v) => fc.constant(JSON.stringify(v)));
    const withSurrogates = fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })).map((v) => JSON.stringify(v));
    fc.assert(fc.property(fc.oneof(text, withSurrogates), agrees), { numRuns: 1000 });
  });
});
