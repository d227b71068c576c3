import type { Clock } from '../../app/ports/clock';
import type { Store } from '../../app/ports/store';
import { DEFAULT_LEASE_MS, leaseHeartbeat, type LoopTimers } from '../../app/lease-heartbeat';
import { fireTimer, type TimerHandler } from '../../app/scheduler/fire-timer';
import type { ClaimedTimer, TimerQueue } from '../../app/ports/timer-queue';
import type { Logger } from '../shared/logger';

export interface TimerPollerOptions {
  readonly store: Store;
  readonly queue: TimerQueue;
  readonly handlers: ReadonlyMap<string, TimerHandler>;
  readonly clock: Clock;
  readonly log: Logger;
  /** This replica's name in claims (host:pid), for the operator reading the timers table. */
  readonly claimant: string;
  readonly intervalMs?: number;
  /**
   * A claim's lease (default `DEFAULT_LEASE_MS`, 15 s), renewed every third of it while its batch
   * is still firing (a transaction queued behind a long ingest batch), so a replica that dies holding
   * a claim delays its timers by at most this.
   */
  readonly leaseMs?: number;
  /** The lease renewals' timers; tests pass their own to renew by hand. */
  readonly renewTimers?: LoopTimers;
  readonly batchSize?: number;
  /** Work done every `maintenanceMs` besides firing (handoff timers, summaries): runs before the first poll too. */
  readonly maintenance?: (now: Date) => Promise<void>;
  readonly maintenanceMs?: number;
}

export interface PollResult {
  readonly fired: number;
  readonly lost: number;
  readonly failed: number;
}

/** A claimed batch can schedule timers already due (a step with no delay); this bounds one poll's loop. */
const MAX_BATCHES_PER_POLL = 50;

/**
 * Polls the timers table: claims what is due (a lease, see timer-queue.ts) and fires each timer as
 * its own store job (one savepoint), a claimed batch sharing the store's group commits.
 * `runOnce(now)` is the whole job and what tests call with a fake clock; `start` only repeats it
 * on a real timer. A timer that came due while no replica was running is simply
 * due at the first poll after start, and fires then, once.
 */
export function timerPoller(options: TimerPollerOptions) {
  const { store, queue, handlers, log } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = options.batchSize ?? 50;
  const kinds = [...handlers.keys()];
  const leases = leaseHeartbeat<ClaimedTimer>(
    {
      clock: options.clock,
      ...(options.renewTimers ? { timers: options.renewTimers } : {}),
      onError: (err) => log.error({ err }, 'renewing the leases on timers being fired failed; trying again shortly'),
    },
    {
      leaseMs,
      renew: async (timers, leaseUntil) => {
        const renewed = new Set(await queue.renew({ timers, leaseUntil }));
        return timers.filter((t) => renewed.has(t.key));
      },
    },
  );

  async function runOnce(now: Date): Promise<PollResult> {
    let fired = 0;
    let lost = 0;
    let failed = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_POLL; batch++) {
      const claimed = await queue.claimDue({ now, leaseMs, kinds, limit: batchSize, claimant: options.claimant });
      // Every fire of the batch is queued at once, in due order, so the store's group commit runs
      // them one after another in one transaction, each in its own savepoint: a failing handler
      // rolls back alone, and a timer sees the writes of the ones before it (an escalation step's
      // page is activity the same incident's reminder then reads). Fired one by one, each waited
      // for its own commit, behind whatever ingest batch was being written. A batch queued behind
      // a long ingest queue may be cut between two commits; on PostgreSQL those can be two lanes
      // that commit in either order, each still seeing the other's effects whole (incident locks).
      // The next claim waits for the whole batch: one poll never holds two batches.
      leases.hold(claimed);
      const outcomes = await Promise.allSettled(claimed.map((timer) => fireTimer(store, handlers, timer, now)));
      for (const timer of claimed) leases.release(timer);
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'fulfilled') {
          if (outcome.value === 'fired') fired++;
          else lost++;
          return;
        }
        // Rolled back: the lease runs out and a later poll (here or on another replica) tries again.
        failed++;
        const timer = claimed[i]!;
        log.error({ err: outcome.reason, timer: timer.key, kind: timer.kind }, 'timer failed; it will be retried when its lease runs out');
      });
      if (claimed.length < batchSize) break;
    }
    return { fired, lost, failed };
  }

  let handle: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  let lastMaintenance = -Infinity;

  async function tick(): Promise<void> {
    const now = options.clock.now();
    if (options.maintenance && now.getTime() - lastMaintenance >= (options.maintenanceMs ?? 60_000)) {
      lastMaintenance = now.getTime();
      await options.maintenance(now).catch((err: unknown) => log.error({ err }, 'scheduler maintenance failed'));
    }
    await runOnce(now).catch((err: unknown) => log.error({ err }, 'polling timers failed'));
  }

  function loop(): void {
    if (stopped) return;
    running = tick().finally(() => {
      running = undefined;
      if (!stopped) handle = setTimeout(loop, intervalMs);
    });
  }

  return {
    runOnce,
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (handle) clearTimeout(handle);
      await running;
    },
  };
}

export type TimerPoller = ReturnType<typeof timerPoller>;
