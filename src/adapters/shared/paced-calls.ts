import type { Clock } from '../../app/ports/clock';
import { pacedBuckets, type Pace } from './paced-buckets';

/** Thrown instead of calling the API when a route has no budget left now: come back in `afterMs`. */
export class PacedError extends Error {
  constructor(readonly method: string, readonly afterMs: number) {
    super(`${method}: paced, next call in ${afterMs} ms`);
  }
}

/**
 * A rate-limited API's documented limits known in advance (docs/adr/0008-page-first-outbox.md),
 * the same for Slack, the Bot Connector and Graph: every call takes a token of each of its keys
 * (`pacedBuckets`), pages first (`urgent`). The last key is the call's route (a method, a channel,
 * a conversation): a 429 that happens anyway pauses that route alone for its Retry-After. One
 * pacer per process: replicas each pace their own calls, and the platform's 429 catches the sum.
 */
export function pacer(paceOf: (key: string) => Pace | undefined, clock: Clock) {
  const buckets = pacedBuckets(paceOf);
  const now = () => clock.now().getTime();
  return {
    /** 0 when a call on `keys` may go now (its tokens are taken), else the milliseconds to wait. */
    take: (keys: readonly string[], urgent: boolean): number => buckets.take(keys, urgent, now()),
    /** A 429 on `route`: nothing more goes there for `afterMs`. */
    pause(route: string, afterMs: number): void {
      const at = now();
      buckets.pause(route, at + afterMs, at);
    },
    /**
     * Runs `call` if every key has a token now, else throws PacedError without calling; a failure
     * `rateLimitedMs` reads a Retry-After from pauses the route (the last key), and is thrown on.
     */
    async run<T>(what: string, keys: readonly string[], urgent: boolean, call: () => Promise<T>, rateLimitedMs: (e: unknown) => number | undefined): Promise<T> {
      const wait = this.take(keys, urgent);
      if (wait > 0) throw new PacedError(what, wait);
      try {
        return await call();
      } catch (e) {
        const retryAfter = rateLimitedMs(e);
        if (retryAfter !== undefined && keys.length > 0) this.pause(keys[keys.length - 1]!, retryAfter);
        throw e;
      }
    },
  };
}

export type Pacer = ReturnType<typeof pacer>;
