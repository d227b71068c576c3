import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { processSetup, type ProcessSetup } from './process-policy';
import { spawnTocsin, type TocsinProcess } from './tocsin-process';

export const pgUrl = process.env.TEST_POSTGRES_URL;

/** `TEST_POSTGRES_URL` with Tocsin's `?schema=` for a schema of its own. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

export interface Cluster {
  readonly setup: ProcessSetup;
  readonly databaseUrl: string;
  readonly replicas: TocsinProcess[];
  /** Starts one more replica on the same database. */
  add(env?: Record<string, string>): Promise<TocsinProcess>;
  /** Counts, sums and other plain SQL checks against the cluster's schema. */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}

/**
 * `count` replicas of `tocsin serve` (child processes, started at the same moment as an
 * orchestrator would) on one PostgreSQL database, in a fresh schema dropped afterwards.
 */
export async function startCluster(options: { count: number; chat?: readonly string[]; env?: Record<string, string>; policy?: string }): Promise<Cluster> {
  if (!pgUrl) throw new Error('TEST_POSTGRES_URL is not set');
  const schema = `t_ha_${randomBytes(5).toString('hex')}`;
  const setup = processSetup(options.chat ?? [], options.policy);
  const databaseUrl = withSchema(pgUrl, schema);
  const pool = new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${schema}` });
  const replicas: TocsinProcess[] = [];
  // The fake Slack API never rate-limits: pacing by Slack's tiers would only slow the storm's channels.
  const env = { ...setup.env, DATABASE_URL: databaseUrl, WEBHOOK_RATE_LIMIT: '0', SHUTDOWN_DELAY_MS: '0', SLACK_PACING: 'false', ...options.env };
  const add = async (extra: Record<string, string> = {}) => {
    const replica = await spawnTocsin({ ...env, ...extra });
    replicas.push(replica);
    return replica;
  };
  const cluster: Cluster = {
    setup,
    databaseUrl,
    replicas,
    add,
    query: async <T>(text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as T[],
    async cleanup() {
      await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await pool.end();
      setup.cleanup();
    },
  };
  try {
    await Promise.all(Array.from({ length: options.count }, () => add()));
  } catch (e) {
    await cluster.cleanup();
    throw e;
  }
  return cluster;
}
