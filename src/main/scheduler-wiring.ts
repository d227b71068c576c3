import { hostname } from 'node:os';
import { timerQueue } from '../adapters/db/timer-queue';
import { summaryCron } from '../adapters/scheduler/summary-cron';
import { timerPoller, type PollResult } from '../adapters/scheduler/timer-poller';
import { escalationStepHandler } from '../app/escalation/escalate-incident';
import { reminderHandler } from '../app/escalation/remind-incident';
import { notifyRuleHandler } from '../app/paging/fire-notify-rule';
import { stormCheckHandler } from '../app/storm/storm-check';
import { handlerMap, type TimerHandler } from '../app/scheduler/fire-timer';
import { handoffHandler, syncHandoffTimers } from '../app/scheduler/handoff-notices';
import { postDueSummaries, type PostedSummary } from '../app/summary/post-summaries';
import type { Context } from './context';

export interface SchedulerOptions {
  /** This replica's name in timer claims; default host:pid. */
  readonly claimant?: string;
  readonly intervalMs?: number;
  readonly leaseMs?: number;
  /** Handlers for more timer kinds (e.g. `timer.channel_archive` from a chat adapter). */
  readonly extraHandlers?: readonly TimerHandler[];
}

export interface SchedulerRun extends PollResult {
  readonly summaries: readonly PostedSummary[];
}

/** Fired timers are kept a while for whoever reads the table, then pruned. */
const KEEP_FIRED_MS = 30 * 86_400_000;

/**
 * Everything that happens on time: durable timers (escalations, reminders, handoff notices) fired
 * by a lease-claiming poller, and the weekly summaries woken by node-cron. Each replica runs one;
 * the database makes every effect happen once (docs/adr/0003-exactly-once-timers.md).
 * `runOnce(now)` does one full round: tests call it with a fake clock instead of `start()`.
 */
export function createScheduler(ctx: Context, options: SchedulerOptions = {}) {
  const { store, log } = ctx;
  const queue = timerQueue(ctx.db);
  const summaryDeps = { store, ...(ctx.env.PUBLIC_URL ? { publicUrl: ctx.env.PUBLIC_URL } : {}) };
  const handlers = handlerMap([escalationStepHandler, reminderHandler, handoffHandler, notifyRuleHandler({ ...(ctx.env.PUBLIC_URL ? { publicUrl: ctx.env.PUBLIC_URL } : {}) }), stormCheckHandler, ...(options.extraHandlers ?? [])]);
  const cron = summaryCron({ log, onTick: async () => void (await postDueSummaries(summaryDeps, ctx.clock.now())) });

  async function housekeeping(now: Date): Promise<readonly PostedSummary[]> {
    await syncHandoffTimers(store, now);
    const posted = await postDueSummaries(summaryDeps, now);
    if (posted.length) log.info({ summaries: posted.map((p) => `${p.id}@${p.period}`) }, 'posted summaries');
    return posted;
  }

  const poller = timerPoller({
    store,
    queue,
    handlers,
    clock: ctx.clock,
    log,
    claimant: options.claimant ?? `${hostname()}:${process.pid}`,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    leaseMs: options.leaseMs ?? ctx.env.LEASE_SECONDS * 1_000,
    maintenance: async (now) => {
      await housekeeping(now);
      await cron.sync(await store.read.catalog.summaries());
      await queue.pruneFired(new Date(now.getTime() - KEEP_FIRED_MS));
    },
  });

  return {
    async runOnce(now: Date): Promise<SchedulerRun> {
      const summaries = await housekeeping(now);
      return { ...(await poller.runOnce(now)), summaries };
    },
    /** Starts polling: the first round runs at once, so what came due while Tocsin was down fires now. */
    start(): void {
      poller.start();
    },
    async stop(): Promise<void> {
      await poller.stop();
      await cron.stop();
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
