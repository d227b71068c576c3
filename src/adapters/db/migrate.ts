import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { migrations } from '../../../migrations/index';

// A static list rather than kysely's FileMigrationProvider: its dynamic import of .ts files would
// bypass the TypeScript loader (tsx at run time, vite in tests).
const provider: MigrationProvider = { getMigrations: async () => migrations };

// kysely looks for its bookkeeping tables across every schema; naming ours keeps two schemas on one
// PostgreSQL database (tests, staging beside production) from seeing each other's.
function migrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/**
 * True when kysely's bookkeeping names exactly the migrations we ship: one small read. kysely's own look
 * (`getMigrations`, and `migrateToLatest` before it takes its lock) lists every table of every schema
 * four times over, 40–170 ms a time on PostgreSQL where many schemas came and went; each start and
 * each /readyz paid it with nothing to do. A missing table (a new database) reads as not current.
 */
async function namesEveryMigration(db: Kysely<any>, schema?: string): Promise<boolean> {
  const rows = await (schema ? db.withSchema(schema) : db).selectFrom('kysely_migration').select('name').execute().catch(() => undefined);
  if (!rows) return false;
  // Names we do not ship (a newer Tocsin ran here) go to kysely, which refuses them as before.
  const done = new Set(rows.map((r: { name: string }) => r.name));
  const ours = Object.keys(migrations);
  return done.size === ours.length && ours.every((name) => done.has(name));
}

/** Applies every pending migration; throws with the failing migration's name. Safe to run concurrently on PostgreSQL (kysely takes a lock). */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  if (await namesEveryMigration(db, schema)) return [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db, schema);
    } catch (e) {
      // kysely's migrator looks at the tables of every schema (has_schema_privilege per schema), so
      // a schema dropped by someone else on the same database at that moment fails the look
      // ("schema t_… does not exist", naming theirs: tests dropping theirs, staging beside
      // production). Nothing of ours went wrong: look again.
      const foreign = /schema "([^"]+)" does not exist/.exec(String((e as Error).message ?? ''));
      if (attempt >= 5 || !foreign || foreign[1] === schema) throw e;
    }
  }
}

async function migrateOnce(db: Kysely<any>, schema?: string): Promise<string[]> {
  const { error, results } = await migrator(db, schema).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** For /readyz: true when no migration is pending. */
export async function migrationsCurrent(db: Kysely<any>, schema?: string): Promise<boolean> {
  if (await namesEveryMigration(db, schema)) return true;
  const all = await migrator(db, schema).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
