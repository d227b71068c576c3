import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEntry, GENESIS_HASH, hashEntry, type ActorKind, type NewTimelineEntry, type TimelineEntry } from '../../../src/domain/timeline/timeline-entry';

/**
 * The first implementation, verbatim (commit eb454d9, lone surrogates from 0dc4073): every stored
 * chain was hashed by it, so whatever the code becomes for speed must agree with it on any input.
 */
const reference = {
  canonicalJson(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
    if (Array.isArray(value)) return `[${value.map(reference.canonicalJson).join(',')}]`;
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${reference.canonicalJson(obj[k])}`).join(',')}}`;
  },
  storable: (text: string): string => text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  hashEntry(e: Omit<TimelineEntry, 'hash'>): string {
    const body = reference.canonicalJson({ incident: e.incidentId, seq: e.seq, at: e.at, actor: `${e.actor.kind}:${e.actor.id}`, kind: e.kind, text: e.text, data: e.data, prev: e.prevHash });
    return createHash('sha256').update(body).digest('hex');
  },
  chainEntry(incidentId: number, prev: { seq: number; hash: string } | undefined, entry: NewTimelineEntry): TimelineEntry {
    const actor = { ...entry.actor, id: reference.storable(entry.actor.id) };
    const base = { ...entry, actor, text: reference.storable(entry.text), incidentId, seq: (prev?.seq ?? 0) + 1, data: entry.data ?? {}, prevHash: prev?.hash ?? GENESIS_HASH };
    return { ...base, hash: reference.hashEntry(base) };
  },
};

/** What a call did: its value, or the kind of error it threw (a BigInt throws in both). */
function outcome<T>(run: () => T): { value: T } | { threw: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { threw: error instanceof Error ? error.constructor.name : String(error) };
  }
}

/** Strings dense in what needs care: NUL, both halves of surrogate pairs alone and together, JSON escapes. */
const awkwardUnit = fc.oneof(
  fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\ude00\ud83d', '"', '\\', '\n', '\u001f', '\u2028', 'é', 'ｚ', 'a', 'Z', '1', ' '),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const awkwardString = fc.oneof(fc.string({ unit: awkwardUnit }), fc.string({ unit: 'binary' }), fc.string());
const keys = fc.oneof(awkwardString, fc.constantFrom('__proto__', 'constructor', 'toString', '0', '10', '9', '-1', 'a', 'B', ''));

const anyValue = fc.oneof(
  fc.anything({
    key: keys,
    stringUnit: 'binary',
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
    withObjectString: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withBigInt: true,
  }),
  fc.jsonValue(),
  fc.dictionary(keys, fc.oneof(awkwardString, fc.constant(undefined), fc.array(fc.oneof(awkwardString, fc.constant(undefined), fc.integer())))),
);

const data = fc.option(fc.dictionary(keys, anyValue), { nil: undefined });
const entry: fc.Arbitrary<NewTimelineEntry> = fc
  .record({
    at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), awkwardString),
    actor: fc.record({ kind: fc.constantFrom<ActorKind>('person', 'source', 'tocsin'), id: awkwardString }),
    kind: awkwardString,
    text: awkwardString,
    data,
  })
  .map(({ data: d, ...rest }) => (d === undefined ? rest : { ...rest, data: d }));
const prev = fc.option(fc.record({ seq: fc.nat(), hash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }) }), { nil: undefined });

describe('timeline hashing agrees with the first implementation', () => {
  it('canonicalJson, for any value', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(outcome(() => canonicalJson(value))).toEqual(outcome(() => reference.canonicalJson(value)));
      }),
      { numRuns: 3000 },
    );
  });

  it('canonicalJson of sparse arrays and arrays holding functions or symbols (map skips holes, join writes undefined as nothing)', () => {
    const odd: unknown[] = [[, 1, , undefined], [() => 1, Symbol('s'), 2], { f: () => 1 }, Object.assign([1], { extra: 2 })];
    for (const value of odd) expect(canonicalJson(value)).toBe(reference.canonicalJson(value));
  });

  it('chainEntry, for any entry and head: same text, actor, data, links and hash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1 }), prev, entry, (incidentId, head, e) => {
        const actual = outcome(() => chainEntry(incidentId, head, e));
        expect(actual).toStrictEqual(outcome(() => reference.chainEntry(incidentId, head, e)));
        if (!('value' in actual)) return;
        const { hash, ...rest } = actual.value;
        expect(hashEntry(rest)).toBe(hash);
      }),
      { numRuns: 3000 },
    );
  });
});
