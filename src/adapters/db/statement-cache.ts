import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';
import { LruMap } from '../../domain/lru-map';

/** Distinct SQL texts kept prepared; Tocsin issues a few dozen, so this bound is only a safety net. */
const MAX_STATEMENTS = 500;

/**
 * The slice of better-sqlite3 Kysely needs, with prepared statements reused by SQL text. Kysely
 * prepares every query afresh, and SQLite's parse and plan cost several times the execution of
 * the small indexed reads and writes ingest makes; reusing them is most of the webhook path's
 * database CPU. A statement still being iterated (a streamed query) is busy and gets a fresh one.
 */
export function withStatementCache(native: BetterSqlite3.Database, max = MAX_STATEMENTS): SqliteDatabase {
  // Least recently used out: a query built with a varying number of parameters (`in (…)` lists)
  // makes new texts, and those should not pin memory.
  const cache = new LruMap<string, BetterSqlite3.Statement>(max);
  return {
    close: () => native.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const fresh = native.prepare(sql);
      if (!cached) cache.set(sql, fresh);
      return fresh;
    },
  };
}
