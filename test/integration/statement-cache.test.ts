import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/adapters/db/statement-cache';

describe('prepared statements reused by SQL text', () => {
  const open = () => {
    const native = new SQLite(':memory:');
    native.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES (\'a\'), (\'b\')');
    return native;
  };

  it('hands out the same statement for the same text, a fresh one for another', () => {
    const db = withStatementCache(open());
    const a = db.prepare('SELECT v FROM t WHERE id = ?');
    expect(db.prepare('SELECT v FROM t WHERE id = ?')).toBe(a);
    expect(db.prepare('SELECT v FROM t WHERE id > ?')).not.toBe(a);
    expect(a.all([2])).toEqual([{ v: 'b' }]);
  });

  it('never hands out a statement still being iterated', () => {
    const db = withStatementCache(open());
    const text = 'SELECT v FROM t ORDER BY id';
    const outer = db.prepare(text).iterate([]);
    expect(outer.next().value).toEqual({ v: 'a' });
    const inner = db.prepare(text);
    expect(inner.all([])).toEqual([{ v: 'a' }, { v: 'b' }]);
    expect(outer.next().value).toEqual({ v: 'b' });
  });

  it('keeps at most `max` texts, dropping the oldest', () => {
    const db = withStatementCache(open(), 2);
    const first = db.prepare('SELECT 1');
    db.prepare('SELECT 2');
    db.prepare('SELECT 3');
    expect(db.prepare('SELECT 1')).not.toBe(first);
  });

  it('keeps a text in use: the least recently used one goes', () => {
    const db = withStatementCache(open(), 2);
    const first = db.prepare('SELECT 1');
    db.prepare('SELECT 2');
    db.prepare('SELECT 1');
    db.prepare('SELECT 3');
    expect(db.prepare('SELECT 1')).toBe(first);
  });
});
