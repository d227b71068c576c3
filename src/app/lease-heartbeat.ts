import { DEFAULT_LEASE_SECONDS } from '../config/env';
import type { Clock } from './ports/clock';

/**
 * How long a replica's claim on an outbox row or a timer lasts without renewal (`LEASE_SECONDS`):
 * when a replica dies, the others take its work over this long after its last renewal
 * (docs/adr/0010-short-leases.md).
 */
export const DEFAULT_LEASE_MS = DEFAULT_LEASE_SECONDS * 1_000;

/** Timers as the production loops use them; tests pass their own and run what was set by hand. */
export interface LoopTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: LoopTimers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A third of the lease: two renewals in a row may fail (a slow commit, a blip) before the lease runs out. */
export const renewEveryMs = (leaseMs: number): number => Math.max(1, Math.floor(leaseMs / 3));

export interface LeaseHeartbeat<K> {
  /** Starts renewing these keys (just claimed) until each is released. */
  hold(keys: Iterable<K>): void;
  /** The key is settled (or given up): no longer renewed. */
  release(key: K): void;
  /** One renewal of everything held now; what the timer runs, and what tests call. */
  renewNow(): Promise<void>;
  /** How many keys are held. */
  readonly size: number;
}

/**
 * Keeps the leases of what this process holds alive while it still works on them: every
 * `renewEveryMs(leaseMs)` while anything is held, `renew` moves their lease to `now + leaseMs`.
 * Nothing runs while nothing is held. `renew` answers the keys it still held; the others were taken
 * over (the lease ran out, say after a pause longer than the lease) and are dropped, so their late
 * outcome is refused by the settle that names the holder, as before. A failed renewal is only
 * reported: the next one comes a third of a lease later, before the lease runs out.
 */
export function leaseHeartbeat<K>(
  deps: { readonly clock: Clock; readonly timers?: LoopTimers; readonly onError: (error: unknown) => void; readonly onLost?: (keys: readonly K[]) => void },
  options: { readonly leaseMs: number; readonly renew: (keys: readonly K[], leaseUntil: string) => Promise<readonly K[]> },
): LeaseHeartbeat<K> {
  const timers = deps.timers ?? realTimers;
  const held = new Set<K>();
  let handle: unknown;
  let renewing = false;

  function schedule(): void {
    if (handle !== undefined || renewing || held.size === 0) return;
    handle = timers.set(() => {
      handle = undefined;
      void renewNow();
    }, renewEveryMs(options.leaseMs));
  }

  async function renewNow(): Promise<void> {
    if (renewing || held.size === 0) return;
    renewing = true;
    const keys = [...held];
    try {
      const kept = new Set(await options.renew(keys, new Date(deps.clock.now().getTime() + options.leaseMs).toISOString()));
      const lost = keys.filter((k) => !kept.has(k) && held.delete(k));
      if (lost.length > 0) deps.onLost?.(lost);
    } catch (e) {
      deps.onError(e);
    } finally {
      renewing = false;
      schedule();
    }
  }

  return {
    hold(keys) {
      for (const k of keys) held.add(k);
      schedule();
    },
    release(key) {
      held.delete(key);
      if (held.size === 0 && handle !== undefined) {
        timers.clear(handle);
        handle = undefined;
      }
    },
    renewNow,
    get size() {
      return held.size;
    },
  };
}
