import type { Clock } from '../../app/ports/clock';
import type { Pace } from '../shared/paced-buckets';
import { pacer, type Pacer } from '../shared/paced-calls';
import { retryAfterMs } from './delivery-errors';
import type { ConversationAt, TeamsPoster } from './teams-poster';

// One token bucket per limit, its rate and burst chosen so that no window of the documented
// limits is exceeded whatever the timing (a bucket of burst b and rate r lets b + r·T calls
// through in any T seconds). Figures: Microsoft Learn "Optimize your bot with rate limiting in
// Teams" (msteams-docs bots/how-to/rate-limit.md) and "Microsoft Graph service-specific throttling
// limits", Teams section (graph-docs concepts/throttling-limits.md).

/**
 * Bot Connector, per bot per conversation (a channel with all its threads, a group chat, a 1:1
 * chat), send and create alike: 7 in 1 s, 8 in 2 s, 60 in 30 s. Burst 4 at 1.8/s lets through at
 * most 5 in 1 s, 7 in 2 s, 58 in 30 s. One token kept for pages.
 */
export const CONVERSATION_PACE: Pace = { perMinute: 108, burst: 4, reserve: 1 };
/** And 1800 in 3600 s, which the docs apply to messages sent to one person (a 1:1 chat): 4 + 29/min·60 = 1744. */
export const PERSONAL_HOUR_PACE: Pace = { perMinute: 29, burst: 4, reserve: 1 };
/**
 * Per app per tenant across conversations: 30 requests a second in the current page (50 in older
 * versions; the lower is taken). Burst 5 at 25/s: at most 30 in any second.
 */
export const TENANT_PACE: Pace = { perMinute: 1_500, burst: 5, reserve: 1 };
/** Graph, POST channel: 30 rps per app per tenant (as above: 25/s, burst 5). */
export const GRAPH_CHANNEL_POST_PACE: Pace = { perMinute: 1_500, burst: 5 };
/** Graph: "a maximum of 4 requests per second per app can be issued on a given team or channel" (2 + 2/s). */
export const GRAPH_TEAM_PACE: Pace = { perMinute: 120, burst: 2 };

const CONVERSATION = 'connector:conversation:';
const PERSONAL_HOUR = 'connector:hour:';
const TENANT = 'connector:tenant:';
const GRAPH_POST = 'graph:post-channel:';
const GRAPH_TEAM = 'graph:team:';

function paceOf(key: string): Pace | undefined {
  if (key.startsWith(CONVERSATION)) return CONVERSATION_PACE;
  // Channels and group chats (`19:…`) have no hourly limit; 1:1 chats (`a:…`) do.
  if (key.startsWith(PERSONAL_HOUR)) return key.startsWith(`${PERSONAL_HOUR}19:`) ? undefined : PERSONAL_HOUR_PACE;
  if (key.startsWith(TENANT)) return TENANT_PACE;
  if (key.startsWith(GRAPH_POST)) return GRAPH_CHANNEL_POST_PACE;
  if (key.startsWith(GRAPH_TEAM)) return GRAPH_TEAM_PACE;
  return undefined;
}

/** A thread `<channel>;messageid=<root>` is counted with its channel: the limit is per conversation, and a channel is one. */
const conversationOf = (conversationId: string) => conversationId.split(';')[0]!;

/** The keys a Bot Connector call spends a token of; the conversation last (a 429 pauses it alone). */
export function connectorKeys(at: { readonly serviceUrl: string; readonly tenantId?: string }, conversationId: string): string[] {
  const conversation = conversationOf(conversationId);
  return [`${TENANT}${at.tenantId ?? at.serviceUrl}`, `${PERSONAL_HOUR}${conversation}`, `${CONVERSATION}${conversation}`];
}

/** The keys of a Graph channel creation in a team; the team last. */
export function graphKeys(tenantId: string, groupId: string): string[] {
  return [`${GRAPH_POST}${tenantId}`, `${GRAPH_TEAM}${groupId}`];
}

/** A Bot Connector failure's Retry-After, when it is a 429. */
function throttledMs(e: unknown): number | undefined {
  const err = e as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined | null } } };
  return err?.statusCode === 429 ? (retryAfterMs(err.response?.headers?.get?.('retry-after')) ?? 1_000) : undefined;
}

/**
 * The poster as one delivery sees it: each call paced by the Bot Connector's documented limits,
 * pages (`urgent`) first; a call with no budget now throws PacedError (the row is deferred, not
 * failed), a 429 pauses that conversation alone.
 */
export function pacedPoster(poster: TeamsPoster, paced: Pacer, urgent: boolean): TeamsPoster {
  const run = <T>(what: string, keys: string[], call: () => Promise<T>) => paced.run(`Bot Connector ${what}`, keys, urgent, call, throttledMs);
  return {
    openThread: (at, channelId, activity) => run('create conversation', connectorKeys(at, channelId), () => poster.openThread(at, channelId, activity)),
    send: (at: ConversationAt, activity) => run('send', connectorKeys(at, at.conversationId), () => poster.send(at, activity)),
    update: (at: ConversationAt, activityId, activity) => run('update', connectorKeys(at, at.conversationId), () => poster.update(at, activityId, activity)),
  };
}

/** One per process: the Bot Connector and Graph calls of every delivery share it. */
export const teamsPacer = (clock: Clock): Pacer => pacer(paceOf, clock);
