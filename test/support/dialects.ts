import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Db } from '../../src/adapters/db/connect';
import { migrateToLatest } from '../../src/adapters/db/migrate';
import { releaseSchema, takeSchema } from './pg-schema-template';

export interface DialectCase {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, migrated database: a temp SQLite file, or a throw-away PostgreSQL schema. */
  open(): Promise<{ db: Db; url: string; schema?: string; cleanup(): Promise<void> }>;
}

const pgUrl = process.env.TEST_POSTGRES_URL;
if (!pgUrl) console.warn('[tocsin tests] TEST_POSTGRES_URL is not set: PostgreSQL cases are SKIPPED (CI sets it).');

/** Migrated once per worker and copied per test (a copy is ~1 ms, migrating ~70 ms); left in tmpdir like the per-test files' directory until the OS clears it. */
let sqliteTemplate: Promise<string> | undefined;
async function migratedSqliteFile(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'tocsin-template-')), 'tocsin.db');
  const db = await connect(`sqlite:${file}`);
  await migrateToLatest(db.kysely);
  await db.close();
  return file;
}

export const sqliteCase: DialectCase = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-'));
    copyFileSync(await (sqliteTemplate ??= migratedSqliteFile()), join(dir, 'tocsin.db'));
    const url = `sqlite:${join(dir, 'tocsin.db')}`;
    const db = await connect(url);
    return { db, url, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  },
};

export const postgresCase: DialectCase = {
  name: 'postgres',
  async open() {
    const schema = await takeSchema(pgUrl!);
    const db = await connect(pgUrl!, { schema, poolSize: 20 });
    return {
      db,
      url: pgUrl!,
      schema,
      cleanup: async () => {
        await db.close();
        await releaseSchema(pgUrl!, schema);
      },
    };
  },
};

/** Every dialect the machine offers: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export const dialects: readonly DialectCase[] = pgUrl ? [sqliteCase, postgresCase] : [sqliteCase];
export const postgresAvailable = Boolean(pgUrl);
