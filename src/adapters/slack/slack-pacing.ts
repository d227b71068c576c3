import type { Clock } from '../../app/ports/clock';
import type { Pace } from '../shared/paced-buckets';
import { pacer } from '../shared/paced-calls';
import type { SlackApi, SlackMethod } from './slack-api';
import { rateLimitedMs } from './slack-errors';

const TIER_2: Pace = { perMinute: 20, burst: 2 };
const TIER_3: Pace = { perMinute: 50, burst: 3 };
const TIER_4: Pace = { perMinute: 100, burst: 5 };
/** Methods a page calls too (a DM's conversation, a person looked up by email): one token kept for pages. */
const PAGING = { reserve: 1 } as const;

/**
 * Each Web API method's documented tier (docs.slack.dev "Rate limits": per method, per workspace,
 * per app; Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min, small bursts; the tier of each method
 * as slackapi/java-slack-sdk MethodsRateLimits lists it), paced at the floor of its range. Every
 * method Tocsin calls must be here (the type says so).
 */
export const SLACK_PACE: Readonly<Record<Exclude<SlackMethod, 'chat.postMessage'>, Pace>> = {
  'auth.test': TIER_4,
  'chat.update': TIER_3,
  'conversations.create': TIER_2,
  'conversations.setTopic': TIER_2,
  'conversations.invite': TIER_3,
  'conversations.archive': TIER_2,
  'conversations.list': TIER_2,
  'conversations.history': TIER_3,
  'conversations.replies': TIER_3,
  'conversations.open': { ...TIER_3, ...PAGING },
  'bookmarks.add': TIER_2,
  'users.lookupByEmail': { ...TIER_3, ...PAGING },
  'users.info': TIER_4,
};

/**
 * chat.postMessage is Slack's special tier: "1 message per second per channel", short bursts, and a
 * workspace-wide limit of "several hundred messages per minute" (taken at its low end).
 */
export const POST_PER_CHANNEL: Pace = { perMinute: 60, burst: 2, ...PAGING };
export const POST_PER_WORKSPACE: Pace = { perMinute: 300, burst: 10, ...PAGING };

const POST = 'chat.postMessage';

function paceOf(key: string): Pace | undefined {
  if (key === POST) return POST_PER_WORKSPACE;
  if (key.startsWith(`${POST}:`)) return POST_PER_CHANNEL;
  return SLACK_PACE[key as keyof typeof SLACK_PACE];
}

/** The keys a call spends a token of: its method, and for a post its channel too. */
function keysOf(method: SlackMethod, args: Record<string, unknown>): string[] {
  if (method !== POST) return [method];
  return [POST, `${POST}:${typeof args.channel === 'string' ? args.channel : ''}`];
}

/**
 * Slack's rate limits known in advance (docs/adr/0008-page-first-outbox.md, src/adapters/shared/paced-calls.ts):
 * every call takes a token of its method (and of its channel for a post) before it goes, pages
 * first (`urgent`). A call with no token now is not made: PacedError says when to come back, and
 * the outbox row waits that long without counting a failed attempt. A 429 that happens anyway
 * pauses that method (or that channel) alone for its Retry-After.
 */
export function slackPacer(api: SlackApi, clock: Clock) {
  const paced = pacer(paceOf, clock);
  return {
    /** The API as one delivery sees it: `urgent` for a page. */
    for(urgent: boolean): SlackApi {
      return { call: (method, args) => paced.run(method, keysOf(method, args), urgent, () => api.call(method, args), rateLimitedMs) };
    },
  };
}

export type SlackPacer = ReturnType<typeof slackPacer>;
