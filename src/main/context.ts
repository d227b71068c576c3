import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { connect, type Db } from '../adapters/db/connect';
import { migrateToLatest } from '../adapters/db/migrate';
import { sqlStore, type SqlStore } from '../adapters/db/sql-store';
import type { Logger } from '../adapters/shared/logger';
import { systemClock, type Clock } from '../app/ports/clock';
import { formatProblems, parseEnv, type Env } from '../config/env';
import { EnvError } from './env-error';

export { EnvError };

export interface Context {
  readonly env: Env;
  readonly log: Logger;
  readonly db: Db;
  readonly store: SqlStore;
  readonly clock: Clock;
  close(): Promise<void>;
}

/** Validates the environment (every bad value named at once) or throws EnvError. */
export function loadEnv(raw: Record<string, string | undefined>): Env {
  const r = parseEnv(raw);
  if (!r.ok) throw new EnvError(`invalid environment:\n${formatProblems(r.problems)}`);
  return r.env;
}

/**
 * What each outbox worker of this process is told: its own name in claims (host, pid, lane and a
 * random part, so two replicas or two lanes never share one) and the lease (`LEASE_SECONDS`).
 */
export function outboxWorkerIdentity(env: Env, lane: string): { readonly workerId: string; readonly leaseMs: number } {
  return { workerId: `${hostname()}:${process.pid}:${lane}:${randomBytes(3).toString('hex')}`, leaseMs: env.LEASE_SECONDS * 1_000 };
}

/** What the CLI's commands use: the database (migrated) and its store, no logger. */
export type StoreContext = Omit<Context, 'log'>;

/** Opens the database and applies pending migrations (on start and for every CLI command that needs the database). */
export async function openStore(raw: Record<string, string | undefined>, options: { clock?: Clock } = {}): Promise<StoreContext> {
  const env = loadEnv(raw);
  const clock = options.clock ?? systemClock;
  const db = await connect(env.DATABASE_URL);
  try {
    await migrateToLatest(db.kysely, db.schema);
  } catch (e) {
    await db.close();
    throw e;
  }
  const store = sqlStore(db, clock);
  return {
    env,
    db,
    store,
    clock,
    close: async () => {
      await store.drain();
      await db.close();
    },
  };
}

/** The store and a logger: the server's context. The logger (pino) is loaded here, not by CLI commands that never log. */
export async function openContext(raw: Record<string, string | undefined>, options: { clock?: Clock; log?: Logger } = {}): Promise<Context> {
  const opened = await openStore(raw, options);
  const log = options.log ?? (await import('../adapters/shared/logger')).createLogger(opened.env.LOG_LEVEL);
  return { ...opened, log };
}
