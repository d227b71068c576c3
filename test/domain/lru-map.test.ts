import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/domain/lru-map';

describe('LruMap', () => {
  it('never holds more than its cap, whatever is put in', () => {
    const m = new LruMap<number, number>(100);
    for (let i = 0; i < 10_000; i++) m.set(i, i);
    expect(m.size).toBe(100);
    expect(m.get(9_999)).toBe(9_999);
    expect(m.get(9_899)).toBeUndefined();
  });

  it('drops the least recently used: get refreshes a key, peek does not', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    m.get('a');
    m.set('c', 3);
    expect([...m].map(([k]) => k)).toEqual(['a', 'c']);
    m.peek('a');
    m.set('d', 4);
    expect([...m].map(([k]) => k)).toEqual(['c', 'd']);
  });

  it('setting a key again replaces it without growing', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('a', 2);
    expect(m.size).toBe(1);
    expect(m.get('a')).toBe(2);
    expect(m.delete('a')).toBe(true);
    expect(m.size).toBe(0);
  });

  it('refuses a cap below one', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});
