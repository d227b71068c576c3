import type { CliIo } from '../adapters/cli/cli-io';
import { migrationsCurrent } from '../adapters/db/migrate';
import { healthz, readyz } from '../adapters/http/health';
import { Router } from '../adapters/http/router';
import { createHttpServer } from '../adapters/http/server';
import { createWebhookHandler } from '../adapters/webhooks/webhook-handler';
import { WEBHOOK_KINDS } from '../adapters/webhooks/parsed-webhook';
import { ingestAlerts } from '../app/ingest-alerts';
import { isLocalMode, redactedEnv } from '../config/env';
import { openContext, type Context } from './context';
import { applyPolicyFileOnStart } from './policy-on-start';
import { integrationsCache } from './integrations-cache';

const WEBHOOK_PATHS = { alertmanager: '/webhooks/alertmanager', grafana: '/webhooks/grafana', datadog: '/webhooks/datadog', generic: '/webhooks/generic', pagerduty: '/v2/enqueue' } as const;

export interface Running {
  readonly url: string;
  readonly ctx: Context;
  stop(): Promise<void>;
}

/** Builds and starts everything `tocsin serve` runs; tests call it with their own env and clock. */
export async function start(rawEnv: Record<string, string | undefined>, options: Parameters<typeof openContext>[1] = {}): Promise<Running> {
  const ctx = await openContext(rawEnv, options);
  const { env, log, store } = ctx;
  await applyPolicyFileOnStart(ctx, rawEnv);
  const integrations = integrationsCache(store.read.catalog, rawEnv);
  await integrations.reload();
  const refresh = setInterval(() => void integrations.reload().catch((err: unknown) => log.warn({ err }, 'reloading integrations failed')), 30_000);
  refresh.unref();

  let draining = false;
  const router = new Router();
  router.on('GET', '/healthz', healthz);
  router.on(
    'GET',
    '/readyz',
    readyz({
      check: async () => {
        const current = await migrationsCurrent(ctx.db.kysely, ctx.db.schema);
        return { ready: current && !draining, checks: { database: true, migrations: current, draining } };
      },
    }),
  );
  for (const kind of WEBHOOK_KINDS) {
    router.on(
      'POST',
      WEBHOOK_PATHS[kind],
      createWebhookHandler({
        kind,
        integrations: integrations.get,
        maxBytes: env.WEBHOOK_MAX_BYTES,
        ingest: async (integration, parsed) => {
          const r = await ingestAlerts({ store, clock: ctx.clock }, integration, parsed.alerts);
          // One line per incident touched, not per alert: a group of 200 alerts is one incident.
          const seen = new Map(r.incidents.filter((i) => i.ref).map((i) => [i.ref, { ref: i.ref, dedupKey: i.dedupKey }]));
          return { incidents: [...seen.values()] };
        },
        onRejected: (integrationId, reason) =>
          log[reason.status >= 500 ? 'error' : 'info']({ integration: integrationId, kind, status: reason.status, error: reason.error, err: reason.cause }, `webhook refused: ${reason.message}`),
      }),
    );
  }

  const http = createHttpServer(router, log);
  const { url } = await http.listen(env.PORT, env.HOST);
  log.info({ url, env: redactedEnv(env) }, `Tocsin listening on ${url}`);
  if (isLocalMode(env)) log.info('local mode: no Slack or Teams credentials; chat messages go to this log. Try: npx tocsin chat "/incident list" --as you');

  return {
    url,
    ctx,
    async stop() {
      draining = true;
      clearInterval(refresh);
      await http.close();
      await ctx.close();
    },
  };
}

/** `tocsin serve`: runs until SIGTERM/SIGINT, then drains (stop taking requests, finish those in flight). */
export async function serve(io: CliIo): Promise<number> {
  const running = await start({ ...io.env });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      running.ctx.log.info({ signal }, 'shutting down: finishing requests in flight');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await running.stop();
  return 0;
}
