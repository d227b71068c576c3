import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { chatRefsRepo } from '../adapters/db/chat-refs-repo';
import { outboxQueue } from '../adapters/db/outbox-queue';
import { processedEventsRepo } from '../adapters/db/processed-events-repo';
import { slackSignaturesRepo } from '../adapters/db/slack-signatures-repo';
import { Inflight } from '../adapters/slack/inflight';
import { slackWebClient, webSlackApi } from '../adapters/slack/slack-api';
import { createSlackBolt, type SlackBolt } from '../adapters/slack/slack-bolt';
import { registerCapture } from '../adapters/slack/slack-capture';
import { slackDeliverer } from '../adapters/slack/slack-deliverer';
import { registerCommands } from '../adapters/slack/slack-listeners';
import { SIGNATURE_CLOCK_SKEW_MS, slackEventsEndpoint } from '../adapters/slack/slack-request-gate';
import { recordChatMessage } from '../app/chat-events/record-chat-message';
import { runChatCommand } from '../app/commands/run-chat-command';
import { slackActorEmail } from '../adapters/slack/actor-email';
import { logDeliverer } from '../app/outbox/log-deliverer';
import { CHAT_API_BATCH, outboxWorker, type OutboxWorker } from '../app/outbox/outbox-worker';
import { OUTBOX_PRIORITY, type Deliverer } from '../app/ports/outbox';
import type { Handler } from '../adapters/http/router';
import type { Context } from './context';
import { pagingSetup } from './paging-wiring';

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

const workerId = (platform: string) => `${hostname()}:${process.pid}:${platform}:${randomBytes(3).toString('hex')}`;

/**
 * Slack: the bolt app (HTTP on the shared listener, or Socket Mode with SLACK_APP_TOKEN), the
 * commands, buttons and message capture it registers, and the outbox worker that posts to Slack.
 * Without SLACK_BOT_TOKEN the worker logs instead (local mode), and so does the `local` worker.
 */
export async function wireSlack(ctx: Context, options: { readonly pacing: boolean } = { pacing: true }): Promise<Slack> {
  const { env, log, store, clock } = ctx;
  const queue = outboxQueue(ctx.db);
  const refs = chatRefsRepo(ctx.db.kysely, () => clock.now().toISOString());
  const localWorker = outboxWorker({ queue, deliverer: logDeliverer('local', log), clock, log }, { workerId: workerId('local') });
  const inflight = new Inflight();
  const processed = processedEventsRepo(ctx.db.kysely);
  const signatures = slackSignaturesRepo(ctx.db.kysely);
  // Slack stops redelivering an event after minutes; a day of event ids is plenty. A used request
  // signature is kept until its five minutes are over on every replica's clock.
  const purge = setInterval(() => {
    const now = clock.now().getTime();
    void processed.purgeBefore(new Date(now - 86_400_000).toISOString()).catch(() => undefined);
    void signatures.purgeExpired(new Date(now - SIGNATURE_CLOCK_SKEW_MS).toISOString()).catch(() => undefined);
  }, 3_600_000);
  purge.unref();
  const common = {
    localWorker,
    idle: () => inflight.idle(),
    async stop() {
      clearInterval(purge);
      // Let commands in flight finish and answer, but never hang shutdown on a response_url that does not answer.
      await Promise.race([inflight.idle(), new Promise((resume) => setTimeout(resume, 10_000).unref())]);
    },
  };

  // Two lanes per platform: pages alone, and everything (pages first) in the other.
  const lanes = (deliverer: Deliverer, batchSize?: number) => {
    const options = batchSize ? { batchSize } : {};
    const worker = outboxWorker({ queue, deliverer, clock, log }, { workerId: workerId('slack'), ...options });
    const pageWorker = outboxWorker({ queue, deliverer, clock, log }, { workerId: workerId('slack-pages'), minPriority: OUTBOX_PRIORITY.page, ...options });
    return { worker, pageWorker, all: [pageWorker, worker, localWorker] };
  };

  if (!env.SLACK_BOT_TOKEN) {
    const { all, ...workers } = lanes(logDeliverer('slack', log));
    return { ...common, mode: 'local', ...workers, start: async (o) => startWorkers(all, o), stop: async () => stopAll(all, common.stop) };
  }

  const api = webSlackApi(slackWebClient({ token: env.SLACK_BOT_TOKEN, ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}) }));
  const identity = await api.call('auth.test', {}).then(
    (r) => (typeof r.bot_id === 'string' && typeof r.user_id === 'string' ? { botId: r.bot_id, botUserId: r.user_id } : undefined),
    (err: unknown) => void log.warn({ err }, 'Slack auth.test failed at start; bolt will check the token on the first request'),
  );
  const bolt = createSlackBolt({ token: env.SLACK_BOT_TOKEN, ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}), ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}), ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}), ...(identity ? { identity } : {}), log });
  bolt.app.error(async (err) => void log.error({ err }, 'Slack listener failed'));
  const actorEmail = slackActorEmail({ api, refs, catalog: store.read.catalog });
  const paging = pagingSetup(env);
  registerCommands(bolt.app, { runCommand: (text, c) => runChatCommand({ store, clock, paging }, text, c), catalog: store.read.catalog, refs, clock, log, inflight, actorEmail });
  registerCapture(bolt.app, { recordMessage: (e) => recordChatMessage({ store, clock }, e), processed, channels: store.read.channels, api, clock, log, inflight });

  const { all, ...workers } = lanes(slackDeliverer({ api, store, refs, log, clock }, { pacing: options.pacing }), CHAT_API_BATCH);
  const handler = bolt.listener && env.SLACK_SIGNING_SECRET ? slackEventsEndpoint({ listener: bolt.listener, signingSecret: env.SLACK_SIGNING_SECRET, signatures, clock, log }) : undefined;
  // Socket Mode: Slack being unreachable at start must not keep Tocsin (and its webhooks) down.
  let connected = false;
  let stopped = false;
  let reconnect: NodeJS.Timeout | undefined;
  const connect = (): void => {
    if (bolt.mode !== 'socket' || stopped) return;
    bolt.start().then(
      () => void (connected = true),
      (err: unknown) => {
        log.error({ err }, 'Slack Socket Mode could not connect; trying again in 30 s');
        reconnect = setTimeout(connect, 30_000).unref();
      },
    );
  };
  log.info({ mode: bolt.mode, bot: identity?.botUserId }, bolt.mode === 'socket' ? 'Slack: Socket Mode' : 'Slack: HTTP mode, events at POST /slack/events');
  return {
    ...common,
    mode: bolt.mode,
    ...(handler ? { handler } : {}),
    ...workers,
    bolt,
    async start(o) {
      connect();
      startWorkers(all, o);
    },
    async stop() {
      stopped = true;
      clearTimeout(reconnect);
      await stopAll(all, common.stop);
      if (connected) await bolt.stop().catch((err: unknown) => log.warn({ err }, 'Slack Socket Mode did not close cleanly'));
    },
  };
}

function startWorkers(workers: readonly OutboxWorker[], options: { readonly workers?: boolean } = {}): void {
  if (options.workers !== false) for (const w of workers) w.start();
}

async function stopAll(workers: readonly OutboxWorker[], then: () => Promise<void>): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
  await then();
}
