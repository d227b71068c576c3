import type { Clock } from '../../src/app/ports/clock';

/** Sustained calls per minute and the burst tolerated above it. */
export interface SlackLimit {
  readonly perMinute: number;
  readonly burst: number;
}

const TIER_2: SlackLimit = { perMinute: 20, burst: 2 };
const TIER_3: SlackLimit = { perMinute: 50, burst: 5 };
const TIER_4: SlackLimit = { perMinute: 100, burst: 10 };

/**
 * Slack's documented tiers (docs.slack.dev "Rate limits"; tiers per method as slackapi/java-slack-sdk
 * MethodsRateLimits lists them), per method per workspace per app: Tier 2 20+/min, Tier 3 50+/min,
 * Tier 4 100+/min, "small bursts tolerated" (the burst sizes here are ours: Slack publishes none).
 * chat.postMessage is the special tier: about one message a second per channel, short bursts.
 * Written independently of Tocsin's pacing (src/adapters/slack/slack-pacing.ts), which it checks.
 */
export const SLACK_TIERS: Readonly<Record<string, SlackLimit>> = {
  'conversations.create': TIER_2,
  'conversations.setTopic': TIER_2,
  'conversations.archive': TIER_2,
  'conversations.list': TIER_2,
  'bookmarks.add': TIER_2,
  'conversations.invite': TIER_3,
  'conversations.open': TIER_3,
  'conversations.history': TIER_3,
  'conversations.replies': TIER_3,
  'chat.update': TIER_3,
  'users.lookupByEmail': TIER_3,
  'users.info': TIER_4,
  'auth.test': TIER_4,
};

/** chat.postMessage, per channel. */
export const SLACK_POST_PER_CHANNEL: SlackLimit = { perMinute: 60, burst: 3 };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets on the fake's clock, one per method (and per channel for chat.postMessage). A call
 * over the limit is answered as Slack does: HTTP 429 with `Retry-After` in whole seconds.
 */
export class SlackRateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock, private readonly tiers: Readonly<Record<string, SlackLimit>> = SLACK_TIERS, private readonly perChannel: SlackLimit = SLACK_POST_PER_CHANNEL) {}

  /** Seconds to wait when the call is over its limit; undefined when it may go (and is counted). */
  take(method: string, channel: string | undefined): number | undefined {
    const limit = method === 'chat.postMessage' ? this.perChannel : this.tiers[method];
    if (!limit) return undefined;
    const key = method === 'chat.postMessage' ? `${method}:${channel ?? ''}` : method;
    const now = this.clock.now().getTime();
    const perMs = limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    b.tokens = Math.min(limit.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}
