import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { withoutNulInText } from './pg-text';
import type { Database } from './schema';
import { ImmediateSqliteDialect } from './sqlite-immediate';
import { withStatementCache } from './statement-cache';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** PostgreSQL schema in use, when not the default. */
  readonly schema?: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL only: use (and create) this schema, so tests can share one database. */
  readonly schema?: string;
  readonly poolSize?: number;
}

/**
 * `sqlite:./data/tocsin.db`, `sqlite::memory:` or `postgres://…` (optionally `?schema=name`).
 * SQLite runs with WAL, foreign keys, a busy timeout and synchronous=FULL: a 2xx we send survives
 * power loss, not only a crash. Throughput comes from group commit, not weaker durability.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<Db> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return connectPostgres(url, options);
  if (url.startsWith('sqlite:')) return connectSqlite(url.slice('sqlite:'.length));
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${JSON.stringify(url.split(':')[0])})`);
}

// Each driver is loaded for its own URLs only: the pg module alone costs a CLI command on SQLite
// about 60 ms at start (it loads Node's fetch stack to check for Cloudflare).
async function connectSqlite(path: string): Promise<Db> {
  const { default: SQLite } = await import('better-sqlite3');
  const file = path === '' || path === ':memory:' ? ':memory:' : path;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const native = new SQLite(file);
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(native) }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/** `postgres://…?schema=name` picks a schema (created when missing); the parameter is Tocsin's, not libpq's. */
function splitSchema(url: string): { url: string; schema?: string } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  return schema ? { url: u.toString(), schema } : { url };
}

async function connectPostgres(rawUrl: string, options: ConnectOptions): Promise<Db> {
  const { default: pg } = await import('pg');
  const fromUrl = splitSchema(rawUrl);
  const url = fromUrl.url;
  const schema = options.schema ?? fromUrl.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  const pool = withoutNulInText(new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) }));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // The first connection of the pool makes the schema when missing (and stays in the pool): a
  // connection of its own for that cost every start, and every test, ~25 ms.
  if (schema && !(await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(kysely)).rows.length) await createSchema(kysely, schema);
  else await sql`select 1`.execute(kysely);
  return { kysely, dialect: 'postgres', ...(schema ? { schema } : {}), close: () => kysely.destroy() };
}

async function createSchema(kysely: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(kysely);
  } catch (e) {
    // IF NOT EXISTS is not safe against itself: two replicas starting at the same moment both
    // find no schema, and the second insert into the catalog fails (unique violation, or
    // duplicate_schema). Either way the schema now exists, which is all we asked for.
    if (!['23505', '42P06'].includes(String((e as { code?: string }).code))) throw e;
  }
}
