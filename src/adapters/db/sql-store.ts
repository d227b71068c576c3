import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { storeError } from './store-errors';
import type { Clock } from '../../app/ports/clock';
import type { Store, Tx } from '../../app/ports/store';
import { ackTokenRepo } from './ack-token-repo';
import { stormRepo } from './storm-repo';
import { webSessionRepo } from './web-session-repo';
import { alertRepo } from './alert-repo';
import { catalogRepo } from './catalog-repo';
import { channelRepo } from './channel-repo';
import type { Db } from './connect';
import { incidentRepo } from './incident-repo';
import { outboxRepo } from './outbox-repo';
import type { Database } from './schema';
import { timelineRepo } from './timeline-repo';
import { timerRepo } from './timer-repo';
import { policyWriterRepo } from './policy-writer-repo';
import { catalogSnapshots } from './catalog-snapshot';
import type { PolicyWriter } from '../../app/ports/policy-writer';

interface Job {
  readonly work: (tx: Tx) => Promise<unknown>;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

// Constant statements, compiled once: every job runs two or three of them.
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT job');
const RELEASE = CompiledQuery.raw('RELEASE SAVEPOINT job');
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO SAVEPOINT job');
const LOCK_COUNTER = CompiledQuery.raw("SELECT value FROM counters WHERE name = 'incident' FOR UPDATE");

interface BatchState {
  policyWritten: boolean;
  /** Outbox rows written by the batch: the highest priority per platform. */
  readonly enqueued: Map<string, number>;
}

/** How many callers may share one commit; bounded so one slow batch cannot hold locks for long. */
const MAX_BATCH = 256;

/**
 * Group commit. Callers queue their work; a lane takes everything queued, runs each job in its own
 * SAVEPOINT inside one transaction (a failing job rolls back alone), commits once, and only then
 * settles every caller. One fsync serves many webhooks, and nobody is answered before their data is
 * durable. SQLite has one writer, so one lane; PostgreSQL gets a few lanes to use its connections.
 */
/** Told after a commit that wrote outbox rows: the highest priority written, per platform. */
export type EnqueuedListener = (platform: string, priority: number) => void;

export type SqlStore = Store & {
  drain(): Promise<void>;
  /** Calls `listener` after each commit that wrote outbox rows, so the workers need not wait for their next poll. */
  onEnqueued(listener: EnqueuedListener): void;
};

export function sqlStore(db: Db, clock: Clock): SqlStore {
  const now = () => clock.now().toISOString();
  const listeners: EnqueuedListener[] = [];
  const snapshots = catalogSnapshots();
  /**
   * The repositories that remember nothing between calls, built once per transaction and shared by
   * its jobs (a repo that remembers what a job read belongs in `txOf`). `batch` is set inside a
   * group commit: policy written there is read live until that commit ends.
   */
  const sharedOf = (k: Kysely<Database> | Transaction<Database>, batch?: BatchState): Omit<Tx, 'timeline'> => ({
    incidents: incidentRepo(k, db.dialect),
    alerts: alertRepo(k),
    channels: channelRepo(k, now),
    outbox: outboxRepo(k, now, batch ? (platform, priority) => batch.enqueued.set(platform, Math.max(priority, batch.enqueued.get(platform) ?? -Infinity)) : undefined),
    timers: timerRepo(k, now),
    ackTokens: ackTokenRepo(k),
    webSessions: webSessionRepo(k),
    storms: stormRepo(k),
    catalog: snapshots.catalog(catalogRepo(k), k, () => batch?.policyWritten ?? false),
    policy: invalidating(policyWriterRepo(k, now), () => {
      if (batch) batch.policyWritten = true;
      snapshots.invalidate();
    }),
  });
  // A Tx per job: repos may remember what this job read (timeline heads), and a job rolled back to
  // its savepoint takes that memory with it.
  const txOf = (k: Kysely<Database> | Transaction<Database>, shared: Omit<Tx, 'timeline'>): Tx => ({ ...shared, timeline: timelineRepo(k) });
  const queue: Job[] = [];
  const lanes = db.dialect === 'sqlite' ? 1 : 4;
  let running = 0;
  let idle: (() => void)[] = [];

  async function runBatch(batch: Job[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const state: BatchState = { policyWritten: false, enqueued: new Map() };
    try {
      await db.kysely.transaction().execute(async (trx) => {
        // PostgreSQL: every batch takes the incident counter's row lock before anything else. A
        // batch holds each job's row locks (the counter, incidents locked FOR UPDATE) until it
        // commits, so two batches taking them in different orders (two lanes, two replicas)
        // deadlock, and the victims' webhooks were answered 503. One lock first, always the same,
        // makes batches take turns instead; each turn still commits many jobs at once.
        if (db.dialect === 'postgres') await trx.executeQuery(LOCK_COUNTER);
        const shared = sharedOf(trx, state);
        for (const job of batch) {
          await trx.executeQuery(SAVEPOINT);
          try {
            const value = await job.work(txOf(trx, shared));
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: true, value });
          } catch (e) {
            await trx.executeQuery(ROLLBACK_TO);
            await trx.executeQuery(RELEASE);
            outcomes.push({ ok: false, value: e });
          }
        }
      });
    } catch (e) {
      for (const job of batch) job.reject(storeError(e));
      return;
    } finally {
      // Committed or rolled back, the snapshot loaded meanwhile may not match the database.
      if (state.policyWritten) snapshots.invalidate();
    }
    batch.forEach((job, i) => (outcomes[i]!.ok ? job.resolve(outcomes[i]!.value) : job.reject(storeError(outcomes[i]!.value))));
    // Durable now: a page written by this commit is claimed at once, not at the workers' next poll.
    for (const [platform, priority] of state.enqueued) for (const l of listeners) l(platform, priority);
  }

  async function lane(): Promise<void> {
    running++;
    try {
      // better-sqlite3 answers in microtasks and its COMMIT (the fsync) blocks the thread, so a
      // batch never lets the event loop read sockets. Yielding once before each batch lets every
      // request that arrived meanwhile parse and queue its work: one commit then serves them all
      // instead of one commit each.
      for (;;) {
        await new Promise<void>((resume) => setImmediate(resume));
        if (queue.length === 0) break;
        await runBatch(queue.splice(0, MAX_BATCH));
      }
    } finally {
      running--;
      if (running === 0) {
        const waiters = idle;
        idle = [];
        waiters.forEach((w) => w());
      }
    }
  }

  return {
    transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
        if (running < lanes) void lane();
      });
    },
    read: txOf(db.kysely, sharedOf(db.kysely)),
    drain: () => (running === 0 ? Promise.resolve() : new Promise<void>((r) => idle.push(r))),
    onEnqueued: (listener) => void listeners.push(listener),
  };
}

/** The writer, calling `wrote` after every write (a snapshot() read is not one). */
function invalidating(writer: PolicyWriter, wrote: () => void): PolicyWriter {
  const after =
    <A extends unknown[]>(write: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      wrote();
      try {
        await write(...args);
      } finally {
        wrote();
      }
    };
  return {
    snapshot: () => writer.snapshot(),
    upsertPerson: after(writer.upsertPerson),
    retirePerson: after(writer.retirePerson),
    upsertRotation: after(writer.upsertRotation),
    retireRotation: after(writer.retireRotation),
    upsertOverride: after(writer.upsertOverride),
    retireOverride: after(writer.retireOverride),
    upsertObject: after(writer.upsertObject),
    retireObject: after(writer.retireObject),
  };
}
