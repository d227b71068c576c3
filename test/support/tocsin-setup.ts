import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { processPolicy, processTokenEnv } from './policies';
import { writePolicyDir, type PolicyFixture } from './policy-fixture';

/** A policy as a builder or as text already written out. */
export type PolicySource = PolicyFixture | string;

export const pgUrl = process.env.TEST_POSTGRES_URL;

/** `TEST_POSTGRES_URL` (or `url`) with Tocsin's `?schema=` for a schema of its own. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

export interface SetupOptions {
  /** Default: processPolicy() (one service, one integration of every kind). Its tokens are always in the environment. */
  readonly policy?: PolicySource;
  /** Added to (and over) the environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** A SQLite file in the setup's directory (default), or a fresh schema of TEST_POSTGRES_URL dropped at cleanup. */
  readonly database?: 'sqlite' | 'postgres';
  readonly dirPrefix?: string;
}

export interface TocsinSetup {
  /** A temporary directory: `tocsin.yml`, and `tocsin.db` on SQLite. */
  readonly dir: string;
  readonly databaseUrl: string;
  /** The PostgreSQL schema, when on PostgreSQL. */
  readonly schema?: string;
  /** What `tocsin serve` runs with: DATABASE_URL, TOCSIN_CONFIG, 127.0.0.1 on port 0, the tokens, then `env`. */
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** The files, database and environment of one installation, before anything runs on them. */
export function prepareTocsin(options: SetupOptions = {}): TocsinSetup {
  const written = writePolicyDir(options.policy ?? processPolicy(), options.dirPrefix ?? 'tocsin-');
  const schema = options.database === 'postgres' ? `t_boot_${randomBytes(5).toString('hex')}` : undefined;
  if (schema && !pgUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const databaseUrl = schema ? withSchema(pgUrl!, schema) : `sqlite:${join(written.dir, 'tocsin.db')}`;
  const env = { ...processTokenEnv(), DATABASE_URL: databaseUrl, TOCSIN_CONFIG: written.file, HOST: '127.0.0.1', PORT: '0', ...options.env };
  return {
    dir: written.dir,
    databaseUrl,
    ...(schema ? { schema } : {}),
    env,
    async cleanup() {
      if (schema) await dropSchema(schema);
      written.cleanup();
    },
  };
}

/** pg is loaded only here: the lazy-loading tests watch that an idle server on SQLite never loads it. */
async function dropSchema(schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  } finally {
    await client.end();
  }
}
