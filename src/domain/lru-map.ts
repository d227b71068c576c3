/**
 * A Map that holds at most `max` entries: `get` and `set` make a key the most recent, and past the
 * cap the least recently used goes first. For the in-process caches and counters, whose keys come
 * from outside (addresses, channels, SQL texts, instants): memory stays bounded whatever arrives.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`an LruMap holds at least one entry, not ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, made the most recent. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** The value, its place left as it is (a look that should not keep the entry alive). */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Least recent first. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries[Symbol.iterator]();
  }
}
