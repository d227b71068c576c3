import { chatRefsRepo } from '../adapters/db/chat-refs-repo';
import { processedEventsRepo } from '../adapters/db/processed-events-repo';
import { slackSignaturesRepo } from '../adapters/db/slack-signatures-repo';
import { slackWebClient, webSlackApi } from '../adapters/slack/slack-api';
import { createSlackBolt } from '../adapters/slack/slack-bolt';
import { registerCapture } from '../adapters/slack/slack-capture';
import { slackDeliverer } from '../adapters/slack/slack-deliverer';
import { registerCommands } from '../adapters/slack/slack-listeners';
import { SIGNATURE_CLOCK_SKEW_MS, slackEventsEndpoint } from '../adapters/slack/slack-request-gate';
import { recordChatMessage } from '../app/chat-events/record-chat-message';
import { runChatCommand } from '../app/commands/run-chat-command';
import { slackActorEmail } from '../adapters/slack/actor-email';
import { CHAT_API_BATCH } from '../app/outbox/outbox-worker';
import type { Context } from './context';
import { pagingSetup } from './paging-wiring';
import { startWorkers, stopAll, type Slack, type SlackCommon } from './slack-wiring';

/**
 * Slack configured (SLACK_BOT_TOKEN): the bolt app, its commands, buttons and message capture, and
 * the worker that posts to Slack. Loaded by wireSlack only then: bolt is most of the server's memory.
 */
export async function wireSlackApp(ctx: Context, token: string, common: SlackCommon & Required<Pick<SlackCommon, 'lanes'>>, options: { readonly pacing: boolean }): Promise<Slack> {
  const { env, log, store, clock } = ctx;
  const { inflight } = common;
  const refs = chatRefsRepo(ctx.db.kysely, () => clock.now().toISOString());
  const signatures = slackSignaturesRepo(ctx.db.kysely);
  // A used request signature is kept until its five minutes are over on every replica's clock.
  common.purges.push((now) => signatures.purgeExpired(new Date(now - SIGNATURE_CLOCK_SKEW_MS).toISOString()));

  const api = webSlackApi(slackWebClient({ token, ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}) }));
  const identity = await api.call('auth.test', {}).then(
    (r) => (typeof r.bot_id === 'string' && typeof r.user_id === 'string' ? { botId: r.bot_id, botUserId: r.user_id } : undefined),
    (err: unknown) => void log.warn({ err }, 'Slack auth.test failed at start; bolt will check the token on the first request'),
  );
  const bolt = createSlackBolt({ token, ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}), ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}), ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}), ...(identity ? { identity } : {}), log });
  bolt.app.error(async (err) => void log.error({ err }, 'Slack listener failed'));
  const actorEmail = slackActorEmail({ api, refs, catalog: store.read.catalog });
  const paging = pagingSetup(env);
  registerCommands(bolt.app, { runCommand: (text, c) => runChatCommand({ store, clock, paging }, text, c), catalog: store.read.catalog, refs, clock, log, inflight, actorEmail });
  registerCapture(bolt.app, { recordMessage: (e) => recordChatMessage({ store, clock }, e), processed: processedEventsRepo(ctx.db.kysely), channels: store.read.channels, api, clock, log, inflight });

  const { all, ...workers } = common.lanes(slackDeliverer({ api, store, refs, log, clock, ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}) }, { pacing: options.pacing }), CHAT_API_BATCH);
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
