import { outboxQueue } from '../adapters/db/outbox-queue';
import { processedEventsRepo } from '../adapters/db/processed-events-repo';
import { Inflight } from '../adapters/slack/inflight';
import type { SlackBolt } from '../adapters/slack/slack-bolt';
import { logDeliverer } from '../app/outbox/log-deliverer';
import { outboxWorker, type OutboxWorker } from '../app/outbox/outbox-worker';
import type { Deliverer } from '../app/ports/outbox';
import type { Handler } from '../adapters/http/router';
import { outboxWorkerIdentity, type Context } from './context';
import { outboxLanes } from './outbox-lanes';

export interface Slack {
  /** `http`, `socket`, or `local` (no SLACK_BOT_TOKEN: what would be posted goes to the log). */
  readonly mode: 'http' | 'socket' | 'local';
  /** `POST /slack/events` in HTTP mode. */
  readonly handler?: Handler;
  /** Drains the `slack` outbox rows, pages first; tests step it with `runOnce()` / `drain()`. */
  readonly worker: OutboxWorker;
  /** The lane of pages alone (docs/adr/0008-page-first-outbox.md): never behind a batch of channels. */
  readonly pageWorker: OutboxWorker;
  /** Drains the `local` rows (incidents of services with no chat) into the log. */
  readonly localWorker: OutboxWorker;
  readonly bolt?: SlackBolt;
  /** Resolves when no command or event handling is running (tests wait on it). */
  idle(): Promise<void>;
  /** Starts the Socket Mode connection and, unless told not to, the outbox workers. */
  start(options?: { readonly workers?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** What local mode and the Slack app share: the `local` worker, work in flight, hourly purges. */
export interface SlackCommon {
  readonly localWorker: OutboxWorker;
  readonly inflight: Inflight;
  /** Run every hour with the time in ms; the Slack app adds its own. */
  readonly purges: ((nowMs: number) => Promise<unknown>)[];
  /** Two lanes per platform for `deliverer`: pages alone, and everything (pages first) in the other. */
  readonly lanes?: (deliverer: Deliverer, batchSize?: number) => { worker: OutboxWorker; pageWorker: OutboxWorker; all: OutboxWorker[] };
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Slack: the bolt app (HTTP on the shared listener, or Socket Mode with SLACK_APP_TOKEN), the
 * commands, buttons and message capture it registers, and the outbox worker that posts to Slack.
 * Without SLACK_BOT_TOKEN the worker logs instead (local mode), and so does the `local` worker.
 * Bolt and the Web API client (tens of MB, most of a second to load) are loaded only when Slack is
 * configured (slack-app-wiring.ts).
 */
export async function wireSlack(ctx: Context, options: { readonly pacing: boolean } = { pacing: true }): Promise<Slack> {
  const { env, log, clock } = ctx;
  const queue = outboxQueue(ctx.db);
  const localWorker = outboxWorker({ queue, deliverer: logDeliverer('local', log), clock, log }, outboxWorkerIdentity(env, 'local'));
  const inflight = new Inflight();
  const processed = processedEventsRepo(ctx.db.kysely);
  // Slack and Teams stop redelivering an event after minutes; a day of event ids is plenty.
  const purges: SlackCommon['purges'] = [(now) => processed.purgeBefore(new Date(now - 86_400_000).toISOString())];
  const purge = setInterval(() => {
    const now = clock.now().getTime();
    for (const run of purges) void run(now).catch(() => undefined);
  }, 3_600_000);
  purge.unref();
  const common: SlackCommon = {
    localWorker,
    inflight,
    purges,
    idle: () => inflight.idle(),
    async stop() {
      clearInterval(purge);
      // Let commands in flight finish and answer, but never hang shutdown on a response_url that does not answer.
      await Promise.race([inflight.idle(), new Promise((resume) => setTimeout(resume, 10_000).unref())]);
    },
  };

  // Two lanes per platform: pages alone, and everything (pages first) in the other.
  const lanes = (deliverer: Deliverer, batchSize?: number) => {
    const { worker, pageWorker } = outboxLanes({ queue, clock, log, env }, deliverer, batchSize);
    return { worker, pageWorker, all: [pageWorker, worker, localWorker] };
  };

  if (!env.SLACK_BOT_TOKEN) {
    const { all, ...workers } = lanes(logDeliverer('slack', log));
    return { ...common, mode: 'local', ...workers, start: async (o) => startWorkers(all, o), stop: async () => stopAll(all, common.stop) };
  }
  const { wireSlackApp } = await import('./slack-app-wiring');
  return wireSlackApp(ctx, env.SLACK_BOT_TOKEN, { ...common, lanes }, options);
}

export function startWorkers(workers: readonly OutboxWorker[], options: { readonly workers?: boolean } = {}): void {
  if (options.workers !== false) for (const w of workers) w.start();
}

export async function stopAll(workers: readonly OutboxWorker[], then: () => Promise<void>): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
  await then();
}
