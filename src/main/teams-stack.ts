import { CloudAdapter } from 'botbuilder';
import { chatRefsRepo } from '../adapters/db/chat-refs-repo';
import { processedEventsRepo } from '../adapters/db/processed-events-repo';
import type { Handler } from '../adapters/http/router';
import { graphChannels } from '../adapters/teams/graph-channels';
import { teamsBot } from '../adapters/teams/teams-bot';
import { botAuthentication, graphTokens, teamsSettings, type TeamsAuthHooks, type TeamsSettings } from '../adapters/teams/teams-credentials';
import { teamsDeliverer } from '../adapters/teams/teams-deliverer';
import { teamsEndpoint } from '../adapters/teams/teams-endpoint';
import { loopbackOnlyPoster } from '../adapters/teams/loopback-service-url';
import { teamsPacer } from '../adapters/teams/teams-pacing';
import { teamsPoster } from '../adapters/teams/teams-poster';
import { teamsState } from '../adapters/teams/teams-state';
import { runChatCommand } from '../app/commands/run-chat-command';
import type { Deliverer } from '../app/ports/outbox';
import type { Context } from './context';
import { pagingSetup } from './paging-wiring';

export interface TeamsStack {
  readonly settings: TeamsSettings;
  readonly deliverer: Deliverer;
  /** `POST /api/messages`, when asked for. */
  readonly handler?: Handler;
  readonly graphChannels: boolean;
}

/**
 * The Bot Framework side of Teams (botbuilder, MSAL): the adapter, the bot's logic, and the
 * deliverer that posts through Bot Connector, Graph or Workflows webhooks. Without an app id the
 * poster reaches loopback serviceUrls only. Loaded by wireTeams (teams-wiring.ts) when needed.
 */
export function teamsStack(ctx: Context, hooks: TeamsAuthHooks, env: Readonly<Record<string, string | undefined>>, withEndpoint: boolean): TeamsStack {
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
  // One pacer for the process: Bot Connector and Graph calls of every delivery spend the same budget.
  const pacer = ctx.env.TEAMS_PACING ? teamsPacer(clock) : undefined;
  const graph = settings.appId && settings.password ? graphChannels({ baseUrl: settings.graphUrl, token: graphTokens(settings, hooks), ...(pacer ? { pacer } : {}) }) : undefined;
  const poster = anonymous ? loopbackOnlyPoster(teamsPoster(adapter, settings.appId)) : teamsPoster(adapter, settings.appId);
  const deliverer = teamsDeliverer({ poster, ...(pacer ? { pacer } : {}), ...(graph ? { graph } : {}), state, store, clock, log, anonymous, graphAttempts: 3, env, ...(ctx.env.PUBLIC_URL ? { publicUrl: ctx.env.PUBLIC_URL } : {}) });
  if (!withEndpoint) return { settings, deliverer, graphChannels: Boolean(graph) };
  const paging = pagingSetup(ctx.env);
  const logic = teamsBot({ state, channels: store.read.channels, runCommand: (text, c) => runChatCommand({ store, clock, paging }, text, c), log });
  const inbound = anonymous ? ({ kind: 'anonymous' } as const) : ({ kind: 'bot-framework', auth } as const);
  const handler = teamsEndpoint({ adapter, logic, maxBytes: ctx.env.WEBHOOK_MAX_BYTES, inbound, log });
  return { settings, deliverer, handler, graphChannels: Boolean(graph) };
}
