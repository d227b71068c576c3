import type { CliIo } from '../adapters/cli/cli-io';
import { migrationsCurrent } from '../adapters/db/migrate';
import { healthz, readyz } from '../adapters/http/health';
import { Router } from '../adapters/http/router';
import { createHttpServer } from '../adapters/http/server';
import { createWebhookHandler } from '../adapters/webhooks/webhook-handler';
import { metricsHandler } from '../adapters/metrics/metrics.handler';
import { createMetrics } from '../adapters/metrics/webhook-metrics';
import { WEBHOOK_KINDS } from '../adapters/webhooks/parsed-webhook';
import { WEBHOOK_SOURCES } from '../adapters/webhooks/webhook-sources';
import { ingestAlerts } from '../app/ingest-alerts';
import { isLocalMode, redactedEnv } from '../config/env';
import { openContext, type Context } from './context';
import { applyPolicyFileOnStart } from './policy-on-start';
import { integrationsCache } from './integrations-cache';
import { wireTeams, type Teams, type TeamsAuthHooks } from './teams-wiring';
import { authFailureLimit, webhookAdmission } from './webhook-admission';
import { wireSlack, type Slack } from './slack-wiring';
import { archiveTimerHandler } from '../app/outbox/archive-notice';
import { calendarHandler, CALENDAR_PATH } from '../adapters/calendar/calendar.handler';
import { createScheduler, type Scheduler } from './scheduler-wiring';
import { wirePaging, type Paging } from './paging-wiring';
import { pagingProviders, type PagingProviders } from './paging-providers';
import { registerPagingRoutes } from './paging-routes';
import { registerWebRoutes } from './web-routes';
import { boundHeapGrowth } from './heap-growth';


export interface Running {
  readonly url: string;
  readonly ctx: Context;
  /** Timers, escalations, handoff notices and summaries; tests drive it with `scheduler.runOnce(now)`. */
  readonly scheduler: Scheduler;
  /** Teams endpoint and outbox worker; tests step the worker when they pass startScheduler: false. */
  readonly teams: Teams;
  /** Slack (or its local-mode log) and its outbox workers; stepped by tests when startScheduler is false. */
  readonly slack: Slack;
  /** Personal notifications beyond chat: a worker per channel; stepped by tests when startScheduler is false. */
  readonly paging: Paging;
  /** Graceful shutdown; `delayMs`: how long /readyz says 503 before the listener closes. */
  stop(delayMs?: number): Promise<void>;
}

/** Builds and starts everything `tocsin serve` runs; tests call it with their own env and clock. */
export async function start(rawEnv: Record<string, string | undefined>, options: Parameters<typeof openContext>[1] & { startScheduler?: boolean; teams?: TeamsAuthHooks; paging?: PagingProviders; slackPacing?: boolean } = {}): Promise<Running> {
  const ctx = await openContext(rawEnv, options);
  const { env, log, store } = ctx;
  await applyPolicyFileOnStart(ctx, rawEnv);
  const integrations = integrationsCache(store.read.catalog, rawEnv);
  await integrations.reload();
  const refresh = setInterval(() => void integrations.reload().catch((err: unknown) => log.warn({ err }, 'reloading integrations failed')), 30_000);
  refresh.unref();

  let draining = false;
  const admit = webhookAdmission(env.WEBHOOK_RATE_LIMIT, log);
  const tokenChecked = authFailureLimit(env.AUTH_FAILURE_LIMIT, ctx.clock, log, env.TRUSTED_PROXIES);
  const router = new Router();
  router.on('GET', '/healthz', healthz);
  const metrics = createMetrics();
  router.on('GET', '/metrics', metricsHandler(metrics.registry));
  router.on(
    'GET',
    '/readyz',
    readyz({
      check: async () => {
        const current = await migrationsCurrent(ctx.db.kysely, ctx.db.schema);
        return { ready: current && !draining, checks: { database: true, migrations: current, draining } };
      },
    }, (err) => log.warn({ err }, 'readiness check failed')),
  );
  for (const kind of WEBHOOK_KINDS) {
    router.on(
      'POST',
      WEBHOOK_SOURCES[kind].path,
      tokenChecked(createWebhookHandler({
        kind,
        integrations: integrations.get,
        maxBytes: env.WEBHOOK_MAX_BYTES,
        admit,
        ingest: async (integration, parsed) => {
          const started = performance.now();
          const r = await ingestAlerts({ store, clock: ctx.clock }, integration, parsed.alerts);
          metrics.webhooks.accepted(kind, integration.id, (performance.now() - started) / 1000);
          // One line per incident touched, not per alert: a group of 200 alerts is one incident.
          const seen = new Map(r.incidents.filter((i) => i.ref).map((i) => [i.ref, { ref: i.ref, dedupKey: i.dedupKey }]));
          return { incidents: [...seen.values()] };
        },
        onRejected: (integrationId, reason) => {
          metrics.webhooks.rejected(kind, integrationId, reason.error);
          // Rate-limit refusals are counted, and logged once per episode by webhookAdmission: a line
          // each would flood the log exactly when a sender runs away.
          const level = reason.error === 'rate_limited' ? 'debug' : reason.status >= 500 ? 'error' : 'info';
          log[level]({ integration: integrationId, kind, status: reason.status, error: reason.error, err: reason.cause }, `webhook refused: ${reason.message}`);
        },
      })),
    );
  }

  // A wrong token is a 404 there (it does not say which rotations exist), and counts as a failure.
  router.on('GET', CALENDAR_PATH, tokenChecked(calendarHandler({ catalog: store.read.catalog, clock: ctx.clock }), (status) => status === 401 || status === 404));
  const scheduler = createScheduler(ctx, { extraHandlers: [archiveTimerHandler] });
  const teams = await wireTeams(ctx, options.teams, rawEnv);
  if (teams.handler) router.on('POST', '/api/messages', tokenChecked(teams.handler));
  const slack = await wireSlack(ctx, { pacing: options.slackPacing ?? env.SLACK_PACING });
  if (slack.handler) router.on('POST', '/slack/events', slack.handler);
  const providers = options.paging ?? (await pagingProviders(env, log));
  const paging = wirePaging(ctx, providers.deliverers);
  registerPagingRoutes(router, ctx, tokenChecked, providers.twilio);
  // A commit that wrote outbox rows wakes their platform's workers: a page is claimed as soon as it
  // is durable, not up to a poll later (issue 14: that poll was most of an idle page's latency).
  const workers = [slack.pageWorker, slack.worker, slack.localWorker, teams.pageWorker, teams.worker, ...Object.values(paging.workers)];
  ctx.store.onEnqueued((platform, priority) => {
    for (const w of workers) if (w.platform === platform) w.wake(priority);
  });
  await registerWebRoutes(router, ctx, tokenChecked, paging.setup);

  const http = createHttpServer(router, log);
  const { url } = await http.listen(env.PORT, env.HOST);
  log.info({ url, env: redactedEnv(env) }, `Tocsin listening on ${url}`);
  if (isLocalMode(env)) log.info('local mode: no Slack or Teams credentials; chat messages go to this log. Try: npx tocsin chat "/incident list" --as you');
  // Tests pass startScheduler: false and step it with runOnce(now) on their fake clock.
  if (options.startScheduler !== false) scheduler.start();
  if (options.startScheduler !== false) for (const w of [teams.pageWorker, teams.worker]) w.start();
  await slack.start({ workers: options.startScheduler !== false });
  paging.start({ workers: options.startScheduler !== false });

  return {
    url,
    ctx,
    scheduler,
    teams,
    slack,
    paging,
    async stop(delayMs = 0) {
      // Not ready first, while still taking requests for `delayMs` so a load balancer notices; then
      // no new connections, and requests in flight finish (each answered only once its alerts are
      // stored) while the workers finish the batch in hand. Undelivered outbox rows and unfired
      // timers stay in the database for the next process or another replica.
      draining = true;
      if (delayMs > 0) await new Promise((resume) => setTimeout(resume, delayMs));
      clearInterval(refresh);
      await Promise.all([http.close(), scheduler.stop(), teams.pageWorker.stop(), teams.worker.stop(), slack.stop(), paging.stop()]);
      await ctx.close();
    },
  };
}

/** `tocsin serve`: runs until SIGTERM/SIGINT, then drains (stop taking requests, finish those in flight). */
export async function serve(io: CliIo): Promise<number> {
  // Here and not in start(): tests run start() inside the test runner, whose heap is not ours to tune.
  const heapGrowingPercent = boundHeapGrowth();
  const running = await start({ ...io.env });
  if (heapGrowingPercent !== undefined) running.ctx.log.debug({ heapGrowingPercent }, 'V8 heap bounded to the live set plus this percent between full GCs');
  // SIGTERM comes from an orchestrator with a load balancer to tell; SIGINT from a person at a terminal.
  const delayMs = await new Promise<number>((resolve) => {
    const stop = (signal: string, delay: number) => {
      running.ctx.log.info({ signal, readyzFalseForMs: delay }, 'shutting down: /readyz answers 503, then requests in flight are finished');
      resolve(delay);
    };
    process.once('SIGTERM', () => stop('SIGTERM', running.ctx.env.SHUTDOWN_DELAY_MS));
    process.once('SIGINT', () => stop('SIGINT', 0));
  });
  await running.stop(delayMs);
  running.ctx.log.info('stopped: requests in flight answered, undelivered chat messages left queued');
  return 0;
}
