import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { CloudAdapter } from 'botbuilder';
import { chatRefsRepo } from '../adapters/db/chat-refs-repo';
import { outboxQueue } from '../adapters/db/outbox-queue';
import { processedEventsRepo } from '../adapters/db/processed-events-repo';
import { graphChannels } from '../adapters/teams/graph-channels';
import { teamsBot } from '../adapters/teams/teams-bot';
import { botAuthentication, graphTokens, teamsSettings, type TeamsAuthHooks } from '../adapters/teams/teams-credentials';
import { teamsDeliverer } from '../adapters/teams/teams-deliverer';
import { teamsEndpoint } from '../adapters/teams/teams-endpoint';
import { loopbackOnlyPoster } from '../adapters/teams/loopback-service-url';
import { teamsPoster } from '../adapters/teams/teams-poster';
import { teamsState } from '../adapters/teams/teams-state';
import { runChatCommand } from '../app/commands/run-chat-command';
import { CHAT_API_BATCH, outboxWorker, type OutboxWorker } from '../app/outbox/outbox-worker';
import type { Deliverer } from '../app/ports/outbox';
import type { Context } from './context';
import { pagingSetup } from './paging-wiring';

export type { TeamsAuthHooks };

export interface Teams {
  /** `POST /api/messages`; undefined when it is off (no app id, anonymous mode not allowed): 404. */
  readonly handler: ReturnType<typeof teamsEndpoint> | undefined;
  readonly deliverer: Deliverer;
  /** Drains the `teams` outbox rows; tests step it with `runOnce()` / `drain()`. */
  readonly worker: OutboxWorker;
  readonly anonymous: boolean;
}

/**
 * Microsoft Teams: the Bot Framework endpoint, and the outbox worker that posts incidents to
 * Teams (Bot Connector, Graph channels, or Workflows webhooks for notify-only teams). The worker
 * is always wired; what would go to a team that never installed the bot goes to the log. Without
 * an app id nothing can prove an activity came from Teams, so the endpoint is off (404) unless
 * TEAMS_ALLOW_ANONYMOUS asks for it (the Emulator), and then Tocsin answers and posts only to
 * loopback serviceUrls: a stranger could otherwise run commands as anyone and have Tocsin post
 * wherever they name.
 */
export function wireTeams(ctx: Context, hooks: TeamsAuthHooks = {}, env: Readonly<Record<string, string | undefined>> = {}): Teams {
  const { log, store, clock } = ctx;
  const settings = teamsSettings(ctx.env);
  const anonymous = !settings.appId;
  const auth = botAuthentication(settings, hooks);
  const adapter = new CloudAdapter(auth);
  // botbuilder would answer 500 with the error's own message; the message stays in our log.
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activity: context.activity.id, type: context.activity.type }, 'Teams turn failed');
    throw new Error('internal error');
  };
  const state = teamsState(chatRefsRepo(ctx.db.kysely, () => clock.now().toISOString()), processedEventsRepo(ctx.db.kysely), clock);
  const paging = pagingSetup(ctx.env);
  const logic = teamsBot({ state, channels: store.read.channels, runCommand: (text, c) => runChatCommand({ store, clock, paging }, text, c), log });
  const graph = settings.appId && settings.password ? graphChannels({ baseUrl: settings.graphUrl, token: graphTokens(settings, hooks) }) : undefined;
  const poster = anonymous ? loopbackOnlyPoster(teamsPoster(adapter, settings.appId)) : teamsPoster(adapter, settings.appId);
  const deliverer = teamsDeliverer({ poster, ...(graph ? { graph } : {}), state, store, clock, log, anonymous, graphAttempts: 3, env });
  const worker = outboxWorker({ queue: outboxQueue(ctx.db), deliverer, clock, log }, { workerId: `${hostname()}:${process.pid}:teams:${randomBytes(3).toString('hex')}`, batchSize: CHAT_API_BATCH });
  const endpoint = !anonymous || ctx.env.TEAMS_ALLOW_ANONYMOUS;
  if (!anonymous) log.info({ appId: settings.appId, appType: settings.appType, graphChannels: Boolean(graph) }, 'Teams bot configured: /api/messages checks Bot Framework tokens');
  else if (endpoint) log.warn('Teams: TEAMS_ALLOW_ANONYMOUS=true and no MICROSOFT_APP_ID, so /api/messages runs anonymously (Bot Framework Emulator, local tests): requests are not authenticated, and only activities whose serviceUrl is a loopback address (127.0.0.0/8, ::1, localhost) are answered');
  else log.info('Teams: no MICROSOFT_APP_ID, so /api/messages is off (404); set TEAMS_ALLOW_ANONYMOUS=true to try the bot with the Bot Framework Emulator');
  const inbound = anonymous ? ({ kind: 'anonymous' } as const) : ({ kind: 'bot-framework', auth } as const);
  const handler = endpoint ? teamsEndpoint({ adapter, logic, maxBytes: ctx.env.WEBHOOK_MAX_BYTES, inbound, log }) : undefined;
  return { handler, deliverer, worker, anonymous };
}
