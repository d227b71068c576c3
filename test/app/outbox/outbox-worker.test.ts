import { afterEach, describe, expect, it } from 'vitest';
import { outboxQueue } from '../../../src/adapters/db/outbox-queue';
import { sqlStore } from '../../../src/adapters/db/sql-store';
import { outboxWorker, type OutboxWorkerOptions } from '../../../src/app/outbox/outbox-worker';
import { logDeliverer } from '../../../src/app/outbox/log-deliverer';
import { NOTICE } from '../../../src/app/outbox/notice-contracts';
import type { DeliveryLog } from '../../../src/app/ports/delivery-log';
import type { OutboxQueue } from '../../../src/app/ports/outbox-queue';
import { OUTBOX_PRIORITY, type Deliverer, type DeliveryResult, type PendingMessage } from '../../../src/app/ports/outbox';
import { FakeClock } from '../../fakes/fake-clock';
import { dialects } from '../../support/dialects';
import type { Db } from '../../../src/adapters/db/connect';

/** Answers from a script per row id (default: delivered) and records every attempt. */
class ScriptedDeliverer implements Deliverer {
  readonly platform = 'slack';
  readonly attempts: PendingMessage[] = [];
  readonly script = new Map<number, (DeliveryResult | Error)[]>();

  async deliver(message: PendingMessage): Promise<DeliveryResult> {
    this.attempts.push(message);
    const next = this.script.get(message.id)?.shift();
    if (next instanceof Error) throw next;
    return next ?? { kind: 'delivered', result: { ts: `ts-${message.id}` } };
  }

  delivered(): number[] {
    return this.attempts.map((a) => a.id);
  }
}

function memoryLog(): DeliveryLog & { lines: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

describe.each(dialects)('outbox worker on $name', (dialect) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function setup() {
    const h = await dialect.open();
    cleanup = h.cleanup;
    const clock = new FakeClock('2026-01-05T08:00:00.000Z');
    const store = sqlStore(h.db, clock);
    const deliverer = new ScriptedDeliverer();
    const log = memoryLog();
    const make = (options: Partial<OutboxWorkerOptions> = {}, d: Deliverer = deliverer) =>
      outboxWorker({ queue: outboxQueue(h.db), deliverer: d, clock, log }, { workerId: 'w1', random: () => 0.5, ...options });
    const enqueue = (orderingKey: string, n: number, platform = 'slack') =>
      store.transaction(async (tx) => {
        for (let i = 0; i < n; i++) await tx.outbox.enqueue({ platform, orderingKey, kind: 'notice.incident_message', payload: { text: `${orderingKey}#${i}` } });
      });
    const rows = () => h.db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
    return { db: h.db as Db, clock, deliverer, log, make, enqueue, rows, store };
  }

  it('delivers every row once, in order per ordering key, and keeps the result', async () => {
    const { deliverer, make, enqueue, rows } = await setup();
    await enqueue('a', 3);
    await enqueue('b', 2);
    await enqueue('other', 1, 'teams');
    const worker = make();
    expect(await worker.runOnce()).toBe(2); // only the head of each key: a#0 and b#0
    await worker.drain();
    const texts = deliverer.attempts.map((a) => a.payload.text);
    expect(texts.filter((t) => String(t).startsWith('a'))).toEqual(['a#0', 'a#1', 'a#2']);
    expect(texts).toHaveLength(5);
    const all = await rows();
    expect(all.filter((r) => r.platform === 'slack').every((r) => r.delivered_at && r.claimed_by === null && JSON.parse(r.result ?? '{}').ts === `ts-${r.id}`)).toBe(true);
    expect(all.find((r) => r.platform === 'teams')?.delivered_at).toBeNull();
  });

  it('holds back the rows behind one that waits for a retry, and honours Retry-After', async () => {
    const { clock, deliverer, make, enqueue, rows } = await setup();
    await enqueue('a', 2);
    await enqueue('b', 1);
    deliverer.script.set(1, [{ kind: 'retry', error: 'ratelimited', afterMs: 30_000 }]);
    const worker = make();
    await worker.drain();
    expect(deliverer.delivered()).toEqual([1, 3]);
    const first = (await rows())[0]!;
    expect(first).toMatchObject({ attempts: 1, last_error: 'ratelimited', claimed_by: null });
    // Retry-After is a floor: not a second earlier.
    expect(Date.parse(first.available_at) - clock.now().getTime()).toBeGreaterThanOrEqual(30_000);
    clock.advance(29_000);
    expect(await worker.drain()).toBe(0);
    clock.advance(5_000);
    await worker.drain();
    expect(deliverer.delivered()).toEqual([1, 3, 1, 2]);
    expect(deliverer.attempts[2]!.attempts).toBe(1);
  });

  it('backs off exponentially, then marks the row failed with an error log and lets the next row go', async () => {
    const { clock, deliverer, log, make, enqueue, rows } = await setup();
    await enqueue('a', 2);
    deliverer.script.set(1, Array.from({ length: 10 }, () => ({ kind: 'retry' as const, error: 'HTTP 503' })));
    const worker = make({ retry: { baseMs: 1_000, maxMs: 8_000, maxAttempts: 5 } });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await worker.drain();
      const row = (await rows())[0]!;
      if (!row.failed_at) {
        delays.push(Date.parse(row.available_at) - clock.now().getTime());
        clock.set(row.available_at);
      }
    }
    // Equal jitter at random 0.5: 3/4 of 1s, 2s, 4s, 8s.
    expect(delays).toEqual([750, 1_500, 3_000, 6_000]);
    await worker.drain();
    const [first, second] = await rows();
    expect(first).toMatchObject({ attempts: 5 });
    expect(first!.failed_at).not.toBeNull();
    expect(first!.last_error).toContain('gave up after 5 attempts');
    expect(second!.delivered_at).not.toBeNull();
    expect(log.lines.some((l) => l.level === 'error' && l.message.includes('given up'))).toBe(true);
  });

  it('records a permanent failure at once and retries a deliverer that throws', async () => {
    const { clock, deliverer, log, make, enqueue, rows } = await setup();
    await enqueue('a', 1);
    await enqueue('b', 1);
    deliverer.script.set(1, [{ kind: 'failed', error: 'channel_not_found' }]);
    deliverer.script.set(2, [new Error('database is locked')]);
    const worker = make();
    await worker.drain();
    const [a, b] = await rows();
    expect(a).toMatchObject({ last_error: 'channel_not_found', attempts: 1 });
    expect(a!.failed_at).not.toBeNull();
    expect(b).toMatchObject({ attempts: 1, delivered_at: null });
    expect(log.lines.filter((l) => l.level === 'error').map((l) => l.message).sort()).toEqual(['chat message failed for good; it will not be retried', 'deliverer threw; retrying the message later']);
    clock.advance(60_000);
    await worker.drain();
    expect((await rows())[1]!.delivered_at).not.toBeNull();
  });

  it('never hands one row to two workers, and takes over the rows of a worker that died', async () => {
    const { clock, make, enqueue, rows, db } = await setup();
    await enqueue('k', 1);
    for (let i = 0; i < 30; i++) await enqueue(`k${i}`, 1);
    const never: Deliverer = { platform: 'slack', deliver: () => new Promise<DeliveryResult>(() => undefined) };
    const dead = make({ workerId: 'dead', batchSize: 100, leaseMs: 60_000 }, never);
    void dead.runOnce(); // claims everything, then hangs forever: a crashed replica
    await expect.poll(async () => (await rows()).filter((r) => r.claimed_by === 'dead').length).toBe(31);
    const a = make({ workerId: 'a', batchSize: 7 });
    const b = make({ workerId: 'b', batchSize: 7 });
    expect(await a.runOnce()).toBe(0); // still leased
    clock.advance(60_001);
    const claimed = await Promise.all([a.drain(), b.drain()]);
    expect(claimed[0] + claimed[1]).toBe(31);
    const all = await rows();
    expect(all.every((r) => r.delivered_at !== null)).toBe(true);
    // The dead worker cannot settle what it no longer holds.
    expect(await outboxQueue(db).settle('dead', [{ id: all[0]!.id, kind: 'delivered', at: clock.now().toISOString(), result: undefined }])).toEqual([false]);
  });

  it('four workers draining at once deliver each row exactly once, each key in order', async () => {
    const { deliverer, make, enqueue } = await setup();
    for (let k = 0; k < 25; k++) await enqueue(`key${k}`, 6);
    const workers = ['a', 'b', 'c', 'd'].map((id) => make({ workerId: id, batchSize: 5 }));
    await Promise.all(workers.map((w) => w.drain()));
    const ids = deliverer.delivered();
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
    for (let k = 0; k < 25; k++) {
      const seen = deliverer.attempts.filter((a) => a.orderingKey === `key${k}`).map((a) => a.payload.text);
      expect(seen).toEqual(Array.from({ length: 6 }, (_, i) => `key${k}#${i}`));
    }
  });

  it('marks the fast deliveries of a batch together, in one write, without waiting for a slow one', async () => {
    const { db, clock, log, enqueue, rows } = await setup();
    for (let k = 0; k < 5; k++) await enqueue(`k${k}`, 1);
    const queue = outboxQueue(db);
    const writes: number[][] = [];
    const watched: OutboxQueue = {
      claim: (request) => queue.claim(request),
      renew: (request) => queue.renew(request),
      settle: (worker, outcomes) => {
        writes.push(outcomes.map((o) => o.id));
        return queue.settle(worker, outcomes);
      },
    };
    let release!: () => void;
    const slowCall = new Promise<void>((resolve) => (release = resolve));
    const deliverer: Deliverer = {
      platform: 'slack',
      async deliver(m) {
        if (m.id === 3) await slowCall;
        return { kind: 'delivered', result: { ts: `ts-${m.id}` } };
      },
    };
    const run = outboxWorker({ queue: watched, deliverer, clock, log }, { workerId: 'w1' }).runOnce();
    await expect.poll(async () => (await rows()).filter((r) => r.delivered_at !== null).map((r) => r.id)).toEqual([1, 2, 4, 5]);
    release();
    expect(await run).toBe(5);
    expect(writes).toEqual([[1, 2, 4, 5], [3]]);
  });

  it('runs as a loop on injected timers and stops cleanly', async () => {
    const { deliverer, make, enqueue } = await setup();
    await enqueue('a', 2);
    const pending: { run: () => void; ms: number }[] = [];
    const worker = make({ timers: { set: (run, ms) => pending.push({ run, ms }), clear: () => undefined }, pollMs: 500 });
    worker.start();
    await expect.poll(() => pending.length).toBe(1);
    expect(pending[0]!.ms).toBe(0); // there was work: look again at once
    pending.shift()!.run();
    await expect.poll(() => pending.length).toBe(1);
    pending.shift()!.run();
    await expect.poll(() => pending.length).toBe(1);
    expect(pending[0]!.ms).toBe(500); // nothing due: wait for the poll interval
    await worker.stop();
    expect(deliverer.delivered()).toEqual([1, 2]);
  });

  it('wakes when this process commits a row of its platform instead of waiting for the poll; a page lane only for pages', async () => {
    const { deliverer, make, enqueue, store } = await setup();
    const timersOf = (pending: { run: () => void; ms: number; cleared?: boolean }[]) => ({ set: (run: () => void, ms: number) => pending.push({ run, ms }) - 1, clear: (h: unknown) => void (pending[h as number]!.cleared = true) });
    const pending: { run: () => void; ms: number; cleared?: boolean }[] = [];
    const pagePending: typeof pending = [];
    const worker = make({ timers: timersOf(pending), pollMs: 1_000 });
    const pages = make({ timers: timersOf(pagePending), pollMs: 1_000, workerId: 'w-pages', minPriority: OUTBOX_PRIORITY.page });
    const heard: [string, number][] = [];
    store.onEnqueued((platform, priority) => {
      heard.push([platform, priority]);
      worker.wake(priority);
      pages.wake(priority);
    });
    worker.start();
    pages.start();
    await expect.poll(() => pending.length + pagePending.length).toBe(2);
    expect(pending[0]!.ms).toBe(1_000); // nothing yet: the poll
    await enqueue('a', 2);
    expect(heard).toEqual([['slack', 0]]); // once per commit, after it
    expect(pending[0]!.cleared).toBe(true);
    expect(pagePending[0]!.cleared).toBeUndefined(); // not a page: the page lane sleeps on
    // Scanned at once, without the poll's timer running: the head of key `a` delivered, the next scan due at once.
    await expect.poll(() => deliverer.delivered()).toEqual([1]);
    await expect.poll(() => pending.length).toBe(2);
    expect(pending[1]!.ms).toBe(0);
    await Promise.all([worker.stop(), pages.stop()]);
  });

  it('puts a deferred row back without counting an attempt or logging, and its loop wakes when it comes due', async () => {
    const { clock, deliverer, log, make, enqueue, rows } = await setup();
    await enqueue('a', 2);
    for (let i = 0; i < 31; i++) deliverer.script.set(1, [...(deliverer.script.get(1) ?? []), { kind: 'deferred', afterMs: 300, reason: 'notice.incident_opened: conversations.create paced' }]);
    const pending: { run: () => void; ms: number }[] = [];
    const worker = make({ timers: { set: (run, ms) => pending.push({ run, ms }), clear: () => undefined }, pollMs: 1_000 });
    worker.start();
    await expect.poll(() => pending.length).toBe(1);
    pending.shift()!.run();
    await expect.poll(() => pending.length).toBe(1);
    expect(pending[0]!.ms).toBe(300); // not a whole poll: when the deferred row comes due
    await worker.stop();
    expect((await rows())[0]).toMatchObject({ attempts: 0, last_error: 'notice.incident_opened: conversations.create paced', claimed_by: null, delivered_at: null });
    expect(log.lines).toEqual([]);
    // Deferred more times than a row has attempts: still not given up.
    for (let i = 0; i < 30; i++) {
      clock.advance(300);
      await make().drain();
    }
    expect((await rows())[0]).toMatchObject({ attempts: 0, failed_at: null });
    clock.advance(300);
    await make().drain();
    expect((await rows()).map((r) => r.delivered_at !== null)).toEqual([true, true]);
  });

  it('a row whose payload does not read is failed with the field at fault and logged; the rows behind it go on', async () => {
    const { make, rows, log, db } = await setup();
    const store = sqlStore(db, new FakeClock('2026-01-05T08:00:00.000Z'));
    await store.transaction(async (tx) => {
      await tx.outbox.enqueue({ platform: 'local', orderingKey: 'local:x', kind: NOTICE.personMessage, payload: { person: { name: 'no id' }, text: 'hello' } });
      await tx.outbox.enqueue({ platform: 'local', orderingKey: 'local:x', kind: NOTICE.personMessage, payload: { person: { id: 'alice' }, text: 'hello' } });
    });
    await make({}, logDeliverer('local', log)).drain();
    const [bad, good] = await rows();
    expect(bad).toMatchObject({ delivered_at: null, attempts: 1, last_error: `outbox ${bad!.id}: unreadable notice.person_message payload: person.id: Invalid input: expected string, received undefined` });
    expect(bad!.failed_at).not.toBeNull();
    expect(good!.delivered_at).not.toBeNull();
    expect(log.lines.find((l) => l.level === 'error')).toMatchObject({ message: 'chat message failed for good; it will not be retried', fields: { outboxId: bad!.id, error: bad!.last_error } });
  });
});
