import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/adapters/db/connect';
import { outboxQueue } from '../../../src/adapters/db/outbox-queue';
import { sqlStore } from '../../../src/adapters/db/sql-store';
import { outboxWorker } from '../../../src/app/outbox/outbox-worker';
import type { DeliveryLog } from '../../../src/app/ports/delivery-log';
import type { Deliverer, DeliveryResult, PendingMessage } from '../../../src/app/ports/outbox';
import { FakeClock } from '../../fakes/fake-clock';
import { ManualTimers } from '../../fakes/manual-timers';
import { dialects } from '../../support/dialects';
import { freshDatabases } from '../../support/fresh-database';

const LEASE_MS = 15_000;

/** Delivers each row only when the test lets it (a Slack call that hangs), recording who was asked. */
class GatedDeliverer implements Deliverer {
  readonly platform = 'slack';
  readonly started: number[] = [];
  private readonly gates = new Map<number, () => void>();
  constructor(private readonly name: string) {}
  async deliver(row: PendingMessage): Promise<DeliveryResult> {
    this.started.push(row.id);
    await new Promise<void>((resolve) => this.gates.set(row.id, resolve));
    return { kind: 'delivered', result: { by: this.name } };
  }
  finish(id: number): void {
    this.gates.get(id)?.();
  }
}

function memoryLog(): DeliveryLog & { messages: string[] } {
  const messages: string[] = [];
  const at = () => (_fields: Record<string, unknown>, message: string) => void messages.push(message);
  return { messages, info: at(), warn: at(), error: at() };
}

describe.each(dialects)('outbox leases on $name: short, renewed while delivering', (dialect) => {
  const { open } = freshDatabases(dialect);

  async function setup() {
    const db: Db = await open();
    const clock = new FakeClock('2026-01-05T08:00:00.000Z');
    await sqlStore(db, clock).transaction(async (tx) => {
      for (const key of ['a', 'b']) await tx.outbox.enqueue({ platform: 'slack', orderingKey: key, kind: 'notice.incident_message', payload: { text: key } });
    });
    const worker = (name: string, renewTimers = new ManualTimers()) => {
      const deliverer = new GatedDeliverer(name);
      const log = memoryLog();
      const w = outboxWorker({ queue: outboxQueue(db), deliverer, clock, log }, { workerId: name, leaseMs: LEASE_MS, renewTimers });
      return { w, deliverer, log, renewTimers };
    };
    const rows = () => db.kysely.selectFrom('outbox').select(['id', 'claimed_by', 'claimed_until', 'delivered_at', 'result']).orderBy('id').execute();
    return { clock, worker, rows };
  }

  it('a holder that keeps renewing keeps its rows past the lease, however long the delivery takes', async () => {
    const { clock, worker, rows } = await setup();
    const a = worker('replica-a');
    const run = a.w.runOnce();
    await expect.poll(() => a.deliverer.started.length).toBe(2);
    // A minute of a hung Slack call: a renewal every third of the lease.
    for (let t = 0; t < 12; t++) {
      await expect.poll(() => a.renewTimers.pending.size).toBe(1);
      clock.advance(LEASE_MS / 3);
      expect(a.renewTimers.fire()).toEqual([LEASE_MS / 3]);
      const until = new Date(clock.now().getTime() + LEASE_MS).toISOString();
      await expect.poll(async () => (await rows()).map((r) => r.claimed_until)).toEqual([until, until]);
      expect(await worker('replica-b').w.runOnce()).toBe(0);
    }
    a.deliverer.finish(1);
    a.deliverer.finish(2);
    expect(await run).toBe(2);
    expect((await rows()).map((r) => [r.claimed_by, JSON.parse(r.result ?? '{}').by])).toEqual([[null, 'replica-a'], [null, 'replica-a']]);
    // Nothing held: no renewal is left waiting.
    expect(a.renewTimers.pending.size).toBe(0);
  });

  it("a dead holder's rows are taken over once its lease runs out, not before", async () => {
    const { clock, worker, rows } = await setup();
    const dead = worker('replica-dead');
    void dead.w.runOnce(); // claims, then never renews nor settles: SIGKILL
    await expect.poll(() => dead.deliverer.started.length).toBe(2);
    clock.advance(LEASE_MS - 1);
    const b = worker('replica-b');
    expect(await b.w.runOnce()).toBe(0);
    clock.advance(2);
    const run = b.w.runOnce();
    await expect.poll(() => b.deliverer.started).toEqual([1, 2]);
    b.deliverer.finish(1);
    b.deliverer.finish(2);
    expect(await run).toBe(2);
    expect((await rows()).map((r) => JSON.parse(r.result ?? '{}').by)).toEqual(['replica-b', 'replica-b']);
  });

  it('a holder that lost its lease (paused past it) stops renewing, and its late outcome is refused', async () => {
    const { clock, worker, rows } = await setup();
    const a = worker('replica-a');
    const late = a.w.runOnce();
    await expect.poll(() => a.deliverer.started.length).toBe(2);
    // replica-a stalls for longer than the lease (no renewal runs); replica-b takes row 1 over.
    clock.advance(LEASE_MS + 1);
    const b = worker('replica-b');
    const taken = b.w.runOnce();
    await expect.poll(() => b.deliverer.started).toEqual([1, 2]);
    b.deliverer.finish(1);
    // replica-a wakes: its renewal finds both rows taken over and gives them up.
    a.renewTimers.fire();
    await expect.poll(() => a.log.messages).toContain('lease on messages being delivered was lost (taken over after it ran out); their outcome will not be written');
    expect(a.renewTimers.pending.size).toBe(0);
    a.deliverer.finish(1);
    a.deliverer.finish(2);
    expect(await late).toBe(2);
    expect(a.log.messages.filter((m) => m.startsWith('lease on the message was lost before its outcome was written'))).toHaveLength(2);
    b.deliverer.finish(2);
    expect(await taken).toBe(2);
    expect((await rows()).map((r) => [r.claimed_by, JSON.parse(r.result ?? '{}').by])).toEqual([[null, 'replica-b'], [null, 'replica-b']]);
  });
});
