import fc from 'fast-check';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/adapters/db/connect';
import type { Database } from '../../../src/adapters/db/schema';
import { timerRepo } from '../../../src/adapters/db/timer-repo';
import { dialects } from '../../support/dialects';
import { freshDatabases } from '../../support/fresh-database';
import { planOf, recordingStatements } from '../../support/query-plans';

const AT = '2026-01-05T08:00:00.000Z';

async function scheduleAll(k: Kysely<Database>, keys: readonly string[], fired: readonly string[]): Promise<void> {
  const timers = timerRepo(k, () => AT);
  for (const key of keys) await timers.schedule({ key, kind: 'test', dueAt: AT, payload: {} });
  if (fired.length > 0) await k.updateTable('timers').set({ fired_at: AT }).where('key', 'in', fired).execute();
}

/** The bytes the database holds for a text, in hex: what "starts with" means to it (a NUL is stored as U+FFFD on PostgreSQL, see pg-text.ts). */
function storedHex(db: Db, value: RawBuilder<string>): RawBuilder<string> {
  return db.dialect === 'sqlite' ? sql<string>`hex(${value})` : sql<string>`upper(encode(convert_to(${value}, 'UTF8'), 'hex'))`;
}

/** Each row as the bytes of its key, and whether it fired. */
async function storedRows(db: Db, k: Kysely<Database>): Promise<{ hex: string; fired: boolean }[]> {
  const rows = await k.selectFrom('timers').select([storedHex(db, sql`key`).as('hex'), 'fired_at']).execute();
  return rows.map((r) => ({ hex: r.hex, fired: r.fired_at !== null }));
}

// Characters next to a prefix's end that sort differently by byte and by language (punctuation,
// case, accents composed or not), LIKE's wildcards and escape, the ends of the code point range,
// NUL and a lone surrogate.
const ATOMS = ['i', 'I', '1', '0', ':', ';', '%', '_', '\\', 'é', 'e\u0301', 'E', '\uFFFF', '\u{10FFFF}', '\u{1F600}', '\u0000', '\uD800', '~'];
const text = fc.array(fc.constantFrom(...ATOMS), { maxLength: 4 }).map((a) => a.join(''));

describe.each(dialects)('timer repo on $name', (dialect) => {
  const { open } = freshDatabases(dialect);

  it('cancels exactly the unfired timers whose key starts with the prefix, whatever sorts next to it', async () => {
    const db = await open();
    const keys = ['incident:1:x', 'incident:10:x', 'incident:1;', 'incident:1:', 'Incident:1:x', 'incident:1:é', 'incident:1:e\u0301', 'incident:1', 'incident:1:%', 'incident:1:_x', 'incident:1:old', 'incident:2:x'];
    const cases: Record<string, string[]> = {
      'incident:1:': ['incident:1:', 'incident:1:%', 'incident:1:_x', 'incident:1:e\u0301', 'incident:1:x', 'incident:1:é'],
      'incident:1': ['incident:1', 'incident:10:x', 'incident:1:', 'incident:1:%', 'incident:1:_x', 'incident:1:e\u0301', 'incident:1:x', 'incident:1:é', 'incident:1;'],
      'incident:1:e': ['incident:1:e\u0301'],
      'incident:1:%': ['incident:1:%'],
      'incident:1:_': ['incident:1:_x'],
      Incident: ['Incident:1:x'],
      'incident:3:': [],
    };
    for (const [prefix, expected] of Object.entries(cases)) {
      const gone = await db.kysely.transaction().execute(async (trx) => {
        await scheduleAll(trx, keys, ['incident:1:old']);
        const deleted = await timerRepo(trx, () => AT).cancelPrefix(prefix);
        const left = new Set((await trx.selectFrom('timers').select('key').execute()).map((r) => r.key));
        await trx.deleteFrom('timers').execute();
        expect(keys.length - left.size, prefix).toBe(deleted);
        return keys.filter((key) => !left.has(key)).sort();
      });
      expect(gone, prefix).toEqual([...expected].sort());
    }
  });

  it('agrees with a byte-wise "starts with" on what the database stores, for any keys and prefix', async () => {
    const db = await open();
    const run = fc.asyncProperty(fc.uniqueArray(text, { maxLength: 12 }), fc.nat(11), fc.oneof(text, fc.nat()), async (keys, firedIndex, prefixOrIndex) => {
      // Half the prefixes are cut from a key, so that most runs have something to cancel.
      const prefix = typeof prefixOrIndex === 'string' ? prefixOrIndex : (keys[prefixOrIndex % Math.max(keys.length, 1)] ?? '').slice(0, prefixOrIndex % 5);
      await db.kysely.transaction().execute(async (trx) => {
        await scheduleAll(trx, keys, keys.slice(firedIndex, firedIndex + 1));
        const before = await storedRows(db, trx);
        const deleted = await timerRepo(trx, () => AT).cancelPrefix(prefix);
        const after = new Set((await storedRows(db, trx)).map((r) => r.hex));
        const p = (await sql<{ hex: string }>`SELECT ${storedHex(db, sql`${prefix}`)} AS hex`.execute(trx)).rows[0]!.hex;
        await trx.deleteFrom('timers').execute();
        const gone = before.filter((r) => !after.has(r.hex));
        expect(gone).toEqual(before.filter((r) => !r.fired && r.hex.startsWith(p)));
        expect(deleted).toBe(gone.length);
      });
    });
    await fc.assert(run, { numRuns: 150 });
  });

  it('finds the keys through the primary key, not by reading the table', async () => {
    const db = await open();
    const keys = Array.from({ length: 2000 }, (_, i) => `incident:${i >> 1}:${i % 2 ? 'reminder' : 'escalate'}`);
    await db.kysely.transaction().execute((trx) => scheduleAll(trx, keys, keys.filter((_, i) => i % 4 === 0)));
    if (db.dialect === 'postgres') await sql`ANALYZE timers`.execute(db.kysely);
    const recorded = recordingStatements(db);
    await timerRepo(recorded.db.kysely, () => AT).cancelPrefix('incident:1:');
    const plan = await planOf(db, recorded.statements[0]!);
    if (db.dialect === 'sqlite') expect(plan).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_timers_1 \(key>\? AND key<\?\)/);
    else expect(plan).toMatch(/Index Scan using timers_pkey[^]*Index Cond: \(\(key >= 'incident:1:'::text\) AND \(key < 'incident:1;'::text\)\)/);
  });
});
