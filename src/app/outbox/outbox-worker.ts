import type { Clock } from '../ports/clock';
import type { Deliverer, DeliveryResult, PendingMessage } from '../ports/outbox';
import type { DeliveryLog } from '../ports/delivery-log';
import type { OutboxOutcome, OutboxQueue } from '../ports/outbox-queue';
import { DEFAULT_LEASE_MS, leaseHeartbeat, realTimers, type LoopTimers } from '../lease-heartbeat';
import { outcomeWriter } from './outcome-writer';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-delay';

/**
 * Told once per row, after its final outcome (delivered or failed) is written by the lease holder:
 * e.g. a personal notification's outcome goes on its incident's timeline. Not told of retries. A
 * process that dies between the write and the hook loses that record, never the delivery.
 */
export type SettledHook = (row: PendingMessage, outcome: Exclude<OutboxOutcome, { kind: 'retry' | 'deferred' }>) => Promise<void>;

/**
 * The batch for a worker that calls a chat API: every claimed row is a call made at once, and an
 * incident's first message creates a channel (Slack's conversations.create is Tier 2, ~20 a
 * minute), so a large batch would mostly buy 429s. The log deliverer of local mode keeps the default.
 */
export const CHAT_API_BATCH = 20;

export interface OutboxWorkerOptions {
  /** Names this process in `claimed_by` (host + pid + random, so two replicas never share one). */
  readonly workerId: string;
  /**
   * How long a claimed row is ours without renewal (default `DEFAULT_LEASE_MS`, 15 s). While a
   * delivery runs, its lease is renewed every third of this (lease-heartbeat.ts), so a live worker
   * never loses a row it is still delivering however slow the platform; a killed worker's rows come
   * back this long after its last renewal.
   */
  readonly leaseMs?: number;
  /**
   * Rows claimed at once (default 100). A batch costs a commit to claim and, when its deliveries
   * finish together, one to settle, so a backlog drains with few commits; the claim's cost follows
   * the batch size, not the backlog.
   */
  readonly batchSize?: number;
  /** Pause between scans when nothing was due. */
  readonly pollMs?: number;
  /**
   * Claims only rows of at least this priority (`OUTBOX_PRIORITY`): a worker with
   * `OUTBOX_PRIORITY.page` is a lane of pages alone, never waiting behind a batch of channels.
   */
  readonly minPriority?: number;
  readonly retry?: RetryPolicy;
  readonly random?: () => number;
  /** The loop's timers (scan again, wake for a deferred row); tests call `runOnce()` / `drain()` instead. */
  readonly timers?: LoopTimers;
  /** The lease renewals' timers; tests pass their own to renew by hand. */
  readonly renewTimers?: LoopTimers;
}

export interface OutboxWorker {
  readonly platform: string;
  /** Claims one batch of due rows and delivers them; resolves with how many were claimed. */
  runOnce(): Promise<number>;
  /** `runOnce` until nothing is due (rows retried later are not waited for). */
  drain(maxRounds?: number): Promise<number>;
  /** The production loop: scan, deliver, scan again at once while there is work, else after `pollMs`. */
  start(): void;
  /**
   * A row for this platform (of `priority`; a lane of higher priorities ignores it) was just
   * committed in this process: an idle loop scans now instead of
   * at its next poll, a scan in flight is followed by another at once (the row may have committed
   * after its claim). Other replicas' rows are found by the poll.
   */
  wake(priority?: number): void;
  /** Ends the loop after the batch in flight. */
  stop(): Promise<void>;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Delivers one platform's outbox rows through its Deliverer, at least once and in order per
 * ordering key; the deliverer makes the repeats harmless (docs/adr/0002-outbox.md). Nothing is
 * dropped silently: a row is delivered, retried with backoff, or marked failed with an error log.
 */
export function outboxWorker(deps: { queue: OutboxQueue; deliverer: Deliverer; clock: Clock; log: DeliveryLog; onSettled?: SettledHook }, options: OutboxWorkerOptions): OutboxWorker {
  const { queue, deliverer, clock, log } = deps;
  const platform = deliverer.platform;
  const worker = options.workerId;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const timers = options.timers ?? realTimers;
  const iso = (ms: number) => new Date(ms).toISOString();
  const write = outcomeWriter(queue, worker);
  const leases = leaseHeartbeat<number>(
    {
      clock,
      ...(options.renewTimers ? { timers: options.renewTimers } : {}),
      onError: (e) => log.error({ err: e, platform }, 'renewing the leases on messages being delivered failed; trying again shortly'),
      onLost: (ids) => log.warn({ platform, outboxIds: ids }, 'lease on messages being delivered was lost (taken over after it ran out); their outcome will not be written'),
    },
    { leaseMs, renew: (ids, leaseUntil) => queue.renew({ worker, ids, leaseUntil }) },
  );

  async function attempt(row: PendingMessage): Promise<DeliveryResult> {
    try {
      return await deliverer.deliver(row);
    } catch (e) {
      // A bug or a database hiccup inside the deliverer: retried like a transient failure.
      log.error({ err: e, outboxId: row.id, platform, kind: row.kind }, 'deliverer threw; retrying the message later');
      return { kind: 'retry', error: `deliverer threw: ${errorText(e)}` };
    }
  }

  /** Logs what became of the row and says what to write; the write itself is coalesced. */
  function outcomeOf(row: PendingMessage, result: DeliveryResult, fields: Record<string, unknown>): OutboxOutcome {
    const now = clock.now().getTime();
    if (result.kind === 'delivered') return { id: row.id, kind: 'delivered', at: iso(now), result: result.result };
    if (result.kind === 'deferred') {
      // Not logged: in a storm most rows wait like this, and nothing is wrong. The row keeps the reason.
      wakeAt(now + result.afterMs);
      return { id: row.id, kind: 'deferred', availableAt: iso(now + result.afterMs), reason: result.reason };
    }
    if (result.kind === 'failed') {
      log.error({ ...fields, error: result.error }, 'chat message failed for good; it will not be retried');
      return { id: row.id, kind: 'failed', at: iso(now), error: result.error };
    }
    if (row.attempts + 1 >= policy.maxAttempts) {
      log.error({ ...fields, error: result.error }, `chat message given up after ${row.attempts + 1} attempts`);
      return { id: row.id, kind: 'failed', at: iso(now), error: `gave up after ${row.attempts + 1} attempts: ${result.error}` };
    }
    const delay = retryDelayMs(policy, row.attempts + 1, random(), result.afterMs);
    log.warn({ ...fields, error: result.error, retryInMs: delay }, 'chat message not delivered; will retry');
    wakeAt(now + delay);
    return { id: row.id, kind: 'retry', availableAt: iso(now + delay), error: result.error };
  }

  async function deliverOne(row: PendingMessage): Promise<void> {
    const fields = { outboxId: row.id, platform, kind: row.kind, orderingKey: row.orderingKey, attempt: row.attempts + 1 };
    try {
      const outcome = outcomeOf(row, await attempt(row), fields);
      if (!(await write(outcome))) log.warn(fields, 'lease on the message was lost before its outcome was written; whoever holds it now settles it');
      else if ((outcome.kind === 'delivered' || outcome.kind === 'failed') && deps.onSettled) await deps.onSettled(row, outcome).catch((e: unknown) => log.error({ err: e, ...fields }, 'recording the delivery outcome failed'));
    } catch (e) {
      // The outcome could not be written (database down): the lease runs out and the row is
      // delivered again, which the deliverer's idempotency makes harmless.
      log.error({ err: e, outboxId: row.id, platform }, 'could not record the delivery outcome; the message will be retried after its lease');
    } finally {
      leases.release(row.id);
    }
  }

  async function runOnce(): Promise<number> {
    const now = clock.now().getTime();
    const rows = await queue.claim({ platform, worker, now: iso(now), leaseUntil: iso(now + leaseMs), limit: options.batchSize ?? 100, ...(options.minPriority ? { minPriority: options.minPriority } : {}) });
    leases.hold(rows.map((r) => r.id));
    // Each row is the head of its own ordering key, so they may go out side by side.
    await Promise.all(rows.map(deliverOne));
    return rows.length;
  }

  let stopped = true;
  let handle: unknown;
  let inFlight: Promise<void> = Promise.resolve();
  // The earliest time a row this worker put back comes due: the idle loop wakes then, not a whole
  // poll later (a page waiting 300 ms for a channel's rate budget must not wait a second more).
  let nextDue = Infinity;
  function wakeAt(ms: number): void {
    nextDue = Math.min(nextDue, ms);
  }
  const idleMs = (): number => {
    const poll = options.pollMs ?? 1_000;
    const due = nextDue - clock.now().getTime();
    nextDue = Infinity;
    return Math.max(0, Math.min(poll, due));
  };

  let woken = false;
  const loop = (): void => {
    handle = undefined;
    woken = false;
    if (stopped) return;
    inFlight = runOnce().then(
      (n) => n,
      (e: unknown) => {
        log.error({ err: e, platform }, 'outbox scan failed; trying again shortly');
        return 0;
      },
    ).then((n) => {
      if (!stopped) handle = timers.set(loop, n > 0 || woken ? 0 : idleMs());
    });
  };

  return {
    platform,
    runOnce,
    async drain(maxRounds = 1_000) {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        const n = await runOnce();
        if (n === 0) break;
        total += n;
      }
      return total;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    wake(priority = Infinity) {
      if (stopped || priority < (options.minPriority ?? 0)) return;
      if (handle === undefined) {
        woken = true;
        return;
      }
      timers.clear(handle);
      loop();
    },
    async stop() {
      stopped = true;
      if (handle !== undefined) timers.clear(handle);
      handle = undefined;
      await inFlight;
    },
  };
}
