import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect, type Db } from '../../src/adapters/db/connect';
import { migrateToLatest } from '../../src/adapters/db/migrate';

export interface DialectCase {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, migrated database: a temp SQLite file, or a throw-away PostgreSQL schema. */
  open(): Promise<{ db: Db; url: string; schema?: string; cleanup(): Promise<void> }>;
}

const pgUrl = process.env.TEST_POSTGRES_URL;
if (!pgUrl) console.warn('[tocsin tests] TEST_POSTGRES_URL is not set: PostgreSQL cases are SKIPPED (CI sets it).');

export const sqliteCase: DialectCase = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-'));
    const url = `sqlite:${join(dir, 'tocsin.db')}`;
    const db = await connect(url);
    await migrateToLatest(db.kysely);
    return { db, url, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  },
};

export const postgresCase: DialectCase = {
  name: 'postgres',
  async open() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = await connect(pgUrl!, { schema, poolSize: 20 });
    await migrateRetryingForeignDrops(db, schema);
    return {
      db,
      url: pgUrl!,
      schema,
      cleanup: async () => {
        await db.kysely.schema.dropSchema(schema).cascade().execute().catch(() => undefined);
        await db.close();
      },
    };
  },
};

/**
 * Kysely's migrator looks at the tables of every schema (has_schema_privilege per schema), so a
 * schema another test drops at that moment fails the look ("schema t_… does not exist", naming
 * theirs). Only tests drop schemas while others migrate: try again then.
 */
async function migrateRetryingForeignDrops(db: Db, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(db.kysely, schema);
      return;
    } catch (e) {
      const foreign = /schema "([^"]+)" does not exist/.exec(String((e as Error).message ?? ''));
      if (attempt >= 5 || !foreign || foreign[1] === schema) throw e;
    }
  }
}

/** Every dialect the machine offers: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set. */
export const dialects: readonly DialectCase[] = pgUrl ? [sqliteCase, postgresCase] : [sqliteCase];
export const postgresAvailable = Boolean(pgUrl);
