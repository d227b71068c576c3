import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEntry, GENESIS_HASH, hashEntry, verifyChain, type NewTimelineEntry, type TimelineEntry } from '../../../src/domain/timeline/timeline-entry';

/**
 * Hashes already stored in databases. They were computed by the first implementation and must
 * never change: a different hash for the same entry makes every stored chain fail `tocsin timeline
 * verify`. If one of these fails, the change is wrong, not the number.
 */
const ENTRIES: readonly NewTimelineEntry[] = [
  {
    at: '2026-01-05T08:00:00.000Z',
    actor: { kind: 'source', id: 'am-main' },
    kind: 'incident.opened',
    text: 'Opened from alertmanager alert "Disk full" (route 1 → storage, sev2)',
    data: { severity: 'sev2', service: 'storage', policy: null },
  },
  { at: '2026-01-05T08:00:00.000Z', actor: { kind: 'tocsin', id: 'tocsin' }, kind: 'incident.message', text: 'no data at all' },
  {
    at: '2026-01-05T08:00:01.500Z',
    actor: { kind: 'person', id: 'alice' },
    kind: 'alert.firing',
    text: 'Alert firing: nested',
    data: {
      zeta: { b: [1, -0, 0.1, 1e21, -1.5e-7, Number.MAX_SAFE_INTEGER, NaN], a: { deep: { deeper: [[], {}, [null, true, false]] } } },
      Alpha: 'upper case sorts first',
      labels: { severity: 'critical', team: 'payments', '': 'empty key', '10': 'numeric key', '9': 'another' },
      list: [{ y: 2, x: 1 }, 'two', [3, [4]]],
    },
  },
  {
    at: '2026-01-05T08:00:02.000Z',
    actor: { kind: 'source', id: 'grafana' },
    kind: 'alert.firing',
    text: 'undefined values are left out',
    data: { kept: 1, gone: undefined, nested: { also: undefined, here: 'yes' }, inArray: [undefined, 1, undefined] },
  },
  {
    at: '2026-01-05T08:00:03.000Z',
    actor: { kind: 'person', id: 'bjørn' },
    kind: 'incident.note',
    text: 'Ünïcödé 😀 日本語 עברית \u2028 \u2029 "quoted" \\ back\nslash\ttab \u001f \u007f',
    data: { 'ｚ': 'fullwidth', '😀': 'astral key: sorts before U+FF5A by UTF-16 code unit', é: 'é', e: 'e', E: 'E', note: '🚒 on fire' },
  },
  {
    at: '2026-01-05T08:00:04.000Z',
    actor: { kind: 'person', id: 'nul\u0000id' },
    kind: 'incident.note',
    text: 'NUL \u0000 in text, twice\u0000',
    data: { nul: 'a\u0000b', 'key\u0000': 'NUL in a key' },
  },
  {
    at: '2026-01-05T08:00:05.000Z',
    actor: { kind: 'person', id: '\udc00lone low' },
    kind: 'incident.note',
    text: 'high at end \ud800',
    data: { lone: '\ud800x\udfff', pair: '\ud83d\ude00', reversed: '\ude00\ud83d', '\udbff': 'lone high key' },
  },
  {
    at: '2026-01-05T08:00:06.000Z',
    actor: { kind: 'source', id: 'generic' },
    kind: 'incident.note',
    text: '\ude00\ud83d reversed pair, \ud800\ud800 two highs, \udc00\udc00 two lows, \ud83d\ude00 a real pair',
    data: {},
  },
];

const GOLDEN_HASHES = [
  'a4bd01802950dc2af0cc1764b515fda895a6de442a6ee6bfd16435d974a42c47',
  '8b5962245558840aec0dd6b45a60e7e6ff051eb2712b4e18b773e086bb278064',
  'a4e6dbbe68fe8d2ae94ebc25d9d64911b110d87ac9a1f4a8a97f56bbb6e23de5',
  'ae36ef085ca6518202faba697a053afb01c09d6c820698a8835fa5a91384780e',
  'e00e0f8087cb85708caa4e99268e83412cdfc1ecaf28759163d93ddee504fc96',
  'de32474b237550bf36e4ea06c579d329bd22eb1e95774bf802927dbec31be55d',
  'ad05a92030cc28de0126bc50b60d38aa6be3177c6f9b93bf9ac1529d53768aec',
  '5f41f4dcaedd3ac46b1d8d40e618a5fe85e4e40abff4cc71aab26fee6a5b7ef4',
];

function chain(entries: readonly NewTimelineEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const entry of entries) out.push(chainEntry(7, out.at(-1), entry));
  return out;
}

describe('timeline hashes, pinned', () => {
  it('hashes every entry exactly as stored chains were hashed', () => {
    expect(chain(ENTRIES).map((e) => e.hash)).toEqual(GOLDEN_HASHES);
  });

  it('stores NUL and lone surrogates of the text and actor id as U+FFFD, and hashes what it stores', () => {
    const entries = chain(ENTRIES);
    expect(entries[5]).toMatchObject({ text: 'NUL \ufffd in text, twice\ufffd', actor: { kind: 'person', id: 'nul\ufffdid' } });
    expect(entries[6]).toMatchObject({ text: 'high at end \ufffd', actor: { id: '\ufffdlone low' } });
    expect(entries[7]!.text).toBe('\ufffd\ufffd reversed pair, \ufffd\ufffd two highs, \ufffd\ufffd two lows, \ud83d\ude00 a real pair');
    // Data is hashed as given: JSON escapes what text columns could not hold.
    expect(entries[5]!.data).toEqual(ENTRIES[5]!.data);
    for (const e of entries) {
      const { hash, ...rest } = e;
      expect(hashEntry(rest)).toBe(hash);
    }
  });

  it('links each entry to the one before, from the genesis hash, and the chain verifies', () => {
    const entries = chain(ENTRIES);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
    expect(entries[1]!.data).toEqual({});
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 8 });
  });

  it('notices a changed, removed or reordered entry', () => {
    const entries = chain(ENTRIES);
    expect(verifyChain(entries.map((e) => (e.seq === 3 ? { ...e, data: { ...e.data, Alpha: 'changed' } } : e)))).toMatchObject({ ok: false, seq: 3 });
    expect(verifyChain(entries.filter((e) => e.seq !== 4))).toMatchObject({ ok: false, seq: 5 });
    expect(verifyChain([entries[1]!, entries[0]!])).toMatchObject({ ok: false, seq: 2 });
  });
});

describe('canonicalJson, pinned', () => {
  it('sorts keys by UTF-16 code unit at every level and keeps array order', () => {
    expect(canonicalJson(ENTRIES[2]!.data)).toBe(
      '{"Alpha":"upper case sorts first","labels":{"":"empty key","10":"numeric key","9":"another","severity":"critical","team":"payments"},' +
        '"list":[{"x":1,"y":2},"two",[3,[4]]],"zeta":{"a":{"deep":{"deeper":[[],{},[null,true,false]]}},"b":[1,0,0.1,1e+21,-1.5e-7,9007199254740991,null]}}',
    );
    expect(canonicalJson(ENTRIES[4]!.data)).toBe(
      '{"E":"E","e":"e","note":"🚒 on fire","é":"é","😀":"astral key: sorts before U+FF5A by UTF-16 code unit","ｚ":"fullwidth"}',
    );
  });

  it('leaves out undefined-valued keys and writes undefined array items as null', () => {
    expect(canonicalJson(ENTRIES[3]!.data)).toBe('{"inArray":[null,1,null],"kept":1,"nested":{"here":"yes"}}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
  });

  it('escapes NUL, control characters and lone surrogates the way JSON.stringify does', () => {
    expect(canonicalJson(ENTRIES[6]!.data)).toBe('{"lone":"\\ud800x\\udfff","pair":"😀","reversed":"\\ude00\\ud83d","\\udbff":"lone high key"}');
    expect(canonicalJson({ s: 'a\u0000\n\u001f\u2028"\\' })).toBe('{"s":"a\\u0000\\n\\u001f\u2028\\"\\\\"}');
  });
});
