import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../../../src/adapters/db/connect';
import { sqlStore } from '../../../src/adapters/db/sql-store';
import { timerQueue } from '../../../src/adapters/db/timer-queue';
import { timerPoller } from '../../../src/adapters/scheduler/timer-poller';
import { escalationStepHandler } from '../../../src/app/escalation/escalate-incident';
import { escalationTimer } from '../../../src/app/scheduler/timer-contracts';
import { reminderHandler } from '../../../src/app/escalation/remind-incident';
import { handlerMap, type TimerHandler } from '../../../src/app/scheduler/fire-timer';
import { countingHandler } from './counting-handler';
import { dialects } from '../../support/dialects';
import { at, MIN, openEngine, pagesOf, type EngineHarness } from '../../support/engine-harness';

/** The database with its transactions counted: the store opens one per group commit. */
function countingTransactions(db: Db): { readonly db: Db; transactions(): number } {
  let transactions = 0;
  const kysely = new Proxy(db.kysely, {
    get(target, prop) {
      if (prop === 'transaction') {
        return () => {
          transactions++;
          return target.transaction();
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: { ...db, kysely }, transactions: () => transactions };
}

/** A poller with the real escalation handlers, on a store whose commits are counted. */
function countedPoller(h: EngineHarness, handlers: readonly TimerHandler[] = [escalationStepHandler, reminderHandler], batchSize?: number) {
  const counted = countingTransactions(h.db);
  const store = sqlStore(counted.db, h.clock);
  const poller = timerPoller({ store, queue: timerQueue(h.db), handlers: handlerMap(handlers), clock: h.clock, log: pino({ level: 'silent' }), claimant: 'counted', leaseMs: MIN, ...(batchSize ? { batchSize } : {}) });
  return { poller, transactions: counted.transactions };
}

describe.each(dialects)('timer batches on $name', (dialect) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('200 due escalation steps fire in four commits (one per claimed batch), each paged once', async () => {
    h = await openEngine(dialect);
    // Step 1 (after: 0s) is paged as each incident opens, in its transaction: no timer is due at
    // +0. Step 2 (+10m) is a timer for all 200, due at the same instant.
    const incidents = await Promise.all(Array.from({ length: 200 }, (_, i) => h!.open(`incident ${i}`)));
    const { poller, transactions } = countedPoller(h);
    expect(await poller.runOnce(at(0))).toEqual({ fired: 0, lost: 0, failed: 0 });
    expect(transactions()).toBe(0);
    expect(await h.outbox('notice.incident_page')).toHaveLength(200);
    h.clock.set(at(10));
    expect(await poller.runOnce(at(10))).toEqual({ fired: 200, lost: 0, failed: 0 });
    expect(transactions()).toBe(4);
    for (const incident of incidents.slice(0, 5)) expect(pagesOf(await h.timeline(incident))).toEqual(['+0m alice', '+10m carol']);
    expect((await h.outbox('notice.incident_page')).filter((p) => p.payload.step === 1)).toHaveLength(200);
    expect(await h.outbox('notice.incident_page')).toHaveLength(400);
    expect(await poller.runOnce(at(10))).toEqual({ fired: 0, lost: 0, failed: 0 });
  });

  it('a batch fires in due order, then key order, whatever order the timers were written in', async () => {
    h = await openEngine(dialect);
    const counter = countingHandler();
    const due = [3, 1, 2, 1, 0, 3];
    await h.store.transaction(async (tx) => {
      for (const [i, minute] of due.entries()) await tx.timers.schedule({ key: `t:${5 - i}`, kind: 'test.count', dueAt: at(minute).toISOString(), payload: {} });
    });
    const { poller, transactions } = countedPoller(h, [counter]);
    expect(await poller.runOnce(at(5))).toEqual({ fired: 6, lost: 0, failed: 0 });
    expect(counter.fired).toEqual(['t:1', 't:2', 't:4', 't:3', 't:0', 't:5']);
    expect(transactions()).toBe(1);
  });

  it('a failing handler rolls back alone: the rest of its batch commits, and it is retried after the lease', async () => {
    h = await openEngine(dialect);
    const counter = countingHandler(new Set(['t:2']));
    await h.store.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await tx.timers.schedule({ key: `t:${i}`, kind: 'test.count', dueAt: at(0).toISOString(), payload: {} });
    });
    const { poller } = countedPoller(h, [counter]);
    expect(await poller.runOnce(at(0))).toEqual({ fired: 4, lost: 0, failed: 1 });
    expect((await h.outbox('test.fired')).map((m) => m.payload.key)).toEqual(['t:0', 't:1', 't:3', 't:4']);
    expect((await h.timers()).filter((t) => t.fired_at === null).map((t) => t.key)).toEqual(['t:2']);
    expect(await poller.runOnce(at(0.5))).toEqual({ fired: 0, lost: 0, failed: 0 });
    expect(await poller.runOnce(at(1.5))).toEqual({ fired: 0, lost: 0, failed: 1 });
  });

  it("an escalation step and its incident's reminder due together share a commit, the reminder seeing the page", async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    // alice is paged as it opens; the reminder is due at +30.
    h.clock.set(at(1));
    await h.acknowledge(incident, 'alice');
    // Left alone the reminder would nudge at +31, quiet since the acknowledgement. A manual
    // escalation timer due at the same instant sorts first (its key does) and pages carol; the
    // page is activity, so the reminder, run after it in the same commit, waits instead.
    await h.store.transaction((tx) => tx.timers.schedule(escalationTimer(incident.id, at(30).toISOString(), { manual: true })));
    h.clock.set(at(31));
    const { poller, transactions } = countedPoller(h);
    expect(await poller.runOnce(at(31))).toEqual({ fired: 2, lost: 0, failed: 0 });
    expect(transactions()).toBe(1);
    const timeline = await h.timeline(incident);
    expect(pagesOf(timeline)).toEqual(['+0m alice', '+31m carol']);
    expect(timeline.filter((e) => e.kind === 'incident.reminder')).toEqual([]);
    expect((await h.timers()).find((t) => t.key === `incident:${incident.id}:reminder`)).toMatchObject({ due_at: at(61).toISOString(), fired_at: null });
  });
});
