import pg from 'pg';
import { bootTocsinProcess } from './boot-tocsin-process';
import { processPolicy } from './policies';
import type { Fields } from './policy-fixture';
import { pgUrl, withSchema, type PolicySource } from './tocsin-setup';
import type { TocsinProcess } from './tocsin-process';

export { pgUrl, withSchema };

export interface Cluster {
  readonly databaseUrl: string;
  readonly replicas: TocsinProcess[];
  /** Starts one more replica on the same database. */
  add(env?: Record<string, string>): Promise<TocsinProcess>;
  /** Counts, sums and other plain SQL checks against the cluster's schema. */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}

/**
 * `count` replicas of `tocsin serve` (bootTocsinProcess: child processes, started at the same
 * moment as an orchestrator would) on one PostgreSQL database, in a fresh schema dropped afterwards;
 * the process policy (with `chat` as the service's chat targets) unless `policy` is given.
 */
export async function startCluster(options: { count: number; chat?: readonly Fields[]; env?: Record<string, string>; policy?: PolicySource }): Promise<Cluster> {
  if (!pgUrl) throw new Error('TEST_POSTGRES_URL is not set');
  // The fake Slack API never rate-limits: pacing by Slack's tiers would only slow the storm's channels.
  const env = { WEBHOOK_RATE_LIMIT: '0', SHUTDOWN_DELAY_MS: '0', SLACK_PACING: 'false', ...options.env };
  const boot = await bootTocsinProcess({ database: 'postgres', count: options.count, policy: options.policy ?? processPolicy(options.chat), env, dirPrefix: 'tocsin-ha-' });
  const pool = new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${boot.setup.schema}` });
  return {
    databaseUrl: boot.setup.databaseUrl,
    replicas: boot.processes,
    add: boot.spawn,
    query: async <T>(text: string, values: unknown[] = []) => (await pool.query(text, values)).rows as T[],
    async cleanup() {
      await boot.stop();
      await pool.end();
    },
  };
}
