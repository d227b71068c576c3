import type { Clock } from '../../src/app/ports/clock';

/** At most `max` calls in any `seconds`-long window. */
interface Window {
  readonly seconds: number;
  readonly max: number;
}

/**
 * Teams' documented bot limits (msteams-docs bots/how-to/rate-limit.md), as sliding windows: per
 * bot per conversation (a channel with its threads, a chat), sending and creating alike, 7 in 1 s,
 * 8 in 2 s, 60 in 30 s, plus 1800 in an hour for 1:1 chats; per app per tenant, 30 a second.
 * Written independently of Tocsin's pacing (src/adapters/teams/teams-pacing.ts), which it checks.
 */
export const PER_CONVERSATION: readonly Window[] = [
  { seconds: 1, max: 7 },
  { seconds: 2, max: 8 },
  { seconds: 30, max: 60 },
];
export const PER_PERSONAL_CHAT: readonly Window[] = [...PER_CONVERSATION, { seconds: 3600, max: 1800 }];
export const PER_TENANT: readonly Window[] = [{ seconds: 1, max: 30 }];

/** Calls the connector counted, by key, on the fake's clock. */
export class ConnectorRateLimits {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /**
   * Seconds to wait when a call to `conversationId` (in `tenant`) is over a limit; undefined when
   * it may go, and then it is counted.
   */
  take(conversationId: string, tenant: string): number | undefined {
    const conversation = conversationId.split(';')[0]!;
    const checks: [string, readonly Window[]][] = [
      [`tenant:${tenant}`, PER_TENANT],
      [`conversation:${conversation}`, conversation.startsWith('19:') ? PER_CONVERSATION : PER_PERSONAL_CHAT],
    ];
    const now = this.clock.now().getTime();
    let wait = 0;
    for (const [key, windows] of checks) {
      const times = this.seen.get(key) ?? [];
      for (const w of windows) {
        const inside = times.filter((t) => t > now - w.seconds * 1000);
        if (inside.length >= w.max) wait = Math.max(wait, Math.ceil((inside[inside.length - w.max]! + w.seconds * 1000 - now) / 1000));
      }
    }
    if (wait > 0) return wait;
    for (const [key] of checks) this.seen.set(key, [...(this.seen.get(key) ?? []).filter((t) => t > now - 3_600_000), now]);
    return undefined;
  }
}
