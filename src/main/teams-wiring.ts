import { outboxQueue } from '../adapters/db/outbox-queue';
import type { Handler } from '../adapters/http/router';
import type { TeamsAuthHooks } from '../adapters/teams/teams-credentials';
import { CHAT_API_BATCH, type OutboxWorker } from '../app/outbox/outbox-worker';
import type { Deliverer } from '../app/ports/outbox';
import type { Context } from './context';
import { outboxLanes } from './outbox-lanes';
import type { TeamsStack } from './teams-stack';

export type { TeamsAuthHooks };

export interface Teams {
  /** `POST /api/messages`; undefined when it is off (no app id, anonymous mode not allowed): 404. */
  readonly handler: Handler | undefined;
  readonly deliverer: Deliverer;
  /** Drains the `teams` outbox rows, pages first; tests step it with `runOnce()` / `drain()`. */
  readonly worker: OutboxWorker;
  /** The page lane: pages alone, never behind a batch of announcements in flight (docs/adr/0008-page-first-outbox.md). */
  readonly pageWorker: OutboxWorker;
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
 *
 * botbuilder and MSAL (some 50 MB) are loaded at start only for the endpoint; without it they are
 * loaded when the worker first has a Teams message to deliver (a notify-only team's Workflows
 * webhook), so a server without Teams never loads them.
 */
export async function wireTeams(ctx: Context, hooks: TeamsAuthHooks = {}, env: Readonly<Record<string, string | undefined>> = {}): Promise<Teams> {
  const { log, clock } = ctx;
  const anonymous = !ctx.env.MICROSOFT_APP_ID;
  const endpoint = !anonymous || ctx.env.TEAMS_ALLOW_ANONYMOUS;
  const load = async (): Promise<TeamsStack> => (await import('./teams-stack')).teamsStack(ctx, hooks, env, endpoint);
  const stack = endpoint ? await load() : undefined;
  let loading: Promise<TeamsStack> | undefined;
  const onFirstUse = (): Promise<TeamsStack> =>
    (loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    }));
  const deliverer: Deliverer = stack?.deliverer ?? { platform: 'teams', deliver: async (message) => (await onFirstUse()).deliverer.deliver(message) };
  const { worker, pageWorker } = outboxLanes({ queue: outboxQueue(ctx.db), clock, log, env: ctx.env }, deliverer, CHAT_API_BATCH);
  if (stack && !anonymous) log.info({ appId: stack.settings.appId, appType: stack.settings.appType, graphChannels: stack.graphChannels }, 'Teams bot configured: /api/messages checks Bot Framework tokens');
  else if (endpoint) log.warn('Teams: TEAMS_ALLOW_ANONYMOUS=true and no MICROSOFT_APP_ID, so /api/messages runs anonymously (Bot Framework Emulator, local tests): requests are not authenticated, and only activities whose serviceUrl is a loopback address (127.0.0.0/8, ::1, localhost) are answered');
  else log.info('Teams: no MICROSOFT_APP_ID, so /api/messages is off (404); set TEAMS_ALLOW_ANONYMOUS=true to try the bot with the Bot Framework Emulator');
  return { handler: stack?.handler, deliverer, worker, pageWorker, anonymous };
}
