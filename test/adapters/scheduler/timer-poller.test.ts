import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { timerQueue } from '../../../src/adapters/db/timer-queue';
import { timerPoller } from '../../../src/adapters/scheduler/timer-poller';
import { fireTimer, handlerMap, type TimerHandler } from '../../../src/app/scheduler/fire-timer';
import { countingHandler } from './counting-handler';
import { dialects } from '../../support/dialects';
import { at, MIN, openEngine, pagesOf, type EngineHarness } from '../../support/engine-harness';

describe.each(dialects)('timer poller on $name', (dialect) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('a timer that came due while Tocsin was down fires once, at start', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await h.scheduler.runOnce(at(0));
    await h.scheduler.stop();
    // Down from +1 to +45: step 2 (due +10) and step 3 (due +20) came due meanwhile.
    h.clock.set(at(45));
    const restarted = h.newScheduler('after-restart');
    restarted.start(); // the first round runs at once...
    await restarted.stop(); // ...and stop waits for it.
    await restarted.runOnce(at(45));
    expect(pagesOf(await h.timeline(incident))).toEqual(['+0m alice', '+45m carol']);
    // The late step gives the next one its full 10 minutes: dave at +55, not at once.
    expect((await h.timers()).find((t) => t.key === `incident:${incident.id}:escalate`)).toMatchObject({ due_at: at(55).toISOString(), fired_at: null });
  });

  it('two replicas polling the same timers at the same instant fire each once', async () => {
    h = await openEngine(dialect);
    const counter = countingHandler();
    const queue = timerQueue(h.db);
    await h.store.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await tx.timers.schedule({ key: `t:${String(i).padStart(2, '0')}`, kind: 'test.count', dueAt: at(i % 5).toISOString(), payload: {} });
    });
    const log = pino({ level: 'silent' });
    const replica = (name: string) => timerPoller({ store: h!.store, queue, handlers: handlerMap([counter]), clock: h!.clock, log, claimant: name, batchSize: 7 });
    const results = await Promise.all([replica('a').runOnce(at(5)), replica('b').runOnce(at(5)), replica('c').runOnce(at(5))]);
    expect(results.reduce((n, r) => n + r.fired, 0)).toBe(40);
    expect([...counter.fired].sort()).toEqual(Array.from({ length: 40 }, (_, i) => `t:${String(i).padStart(2, '0')}`));
    expect(await h.outbox('test.fired')).toHaveLength(40);
  });

  it('a replica that dies holding a claim delays its timer by the lease, and the timer then fires once', async () => {
    h = await openEngine(dialect);
    const counter = countingHandler();
    const queue = timerQueue(h.db);
    await h.store.transaction((tx) => tx.timers.schedule({ key: 't:1', kind: 'test.count', dueAt: at(0).toISOString(), payload: {} }));
    const dead = await queue.claimDue({ now: at(0), leaseMs: MIN, kinds: ['test.count'], limit: 10, claimant: 'dead' });
    expect(dead.map((t) => t.key)).toEqual(['t:1']);
    const survivor = timerPoller({ store: h.store, queue, handlers: handlerMap([counter]), clock: h.clock, log: pino({ level: 'silent' }), claimant: 'survivor', leaseMs: MIN });
    expect(await survivor.runOnce(at(0.5))).toEqual({ fired: 0, lost: 0, failed: 0 });
    expect(await survivor.runOnce(at(1.01))).toEqual({ fired: 1, lost: 0, failed: 0 });
    expect(await survivor.runOnce(at(5))).toEqual({ fired: 0, lost: 0, failed: 0 });
    expect(counter.fired).toEqual(['t:1']);
  });

  it('a claim made stale by a cancel or a reschedule fires nothing', async () => {
    h = await openEngine(dialect);
    const counter = countingHandler();
    const queue = timerQueue(h.db);
    await h.store.transaction(async (tx) => {
      await tx.timers.schedule({ key: 'incident:1:escalate', kind: 'test.count', dueAt: at(0).toISOString(), payload: {} });
      await tx.timers.schedule({ key: 'incident:2:escalate', kind: 'test.count', dueAt: at(0).toISOString(), payload: {} });
    });
    const claimed = await queue.claimDue({ now: at(0), leaseMs: MIN, kinds: ['test.count'], limit: 10, claimant: 'slow' });
    await h.store.transaction(async (tx) => {
      await tx.timers.cancelPrefix('incident:1:'); // an acknowledgement
      await tx.timers.schedule({ key: 'incident:2:escalate', kind: 'test.count', dueAt: at(0).toISOString(), payload: { manual: true } }); // /incident escalate
    });
    const outcomes = [];
    for (const t of claimed) outcomes.push(await fireTimer(h.store, handlerMap([counter]), t, at(0)));
    expect(outcomes).toEqual(['lost', 'lost']);
    // The replaced timer is still due, and fires once, for its new payload.
    const poller = timerPoller({ store: h.store, queue, handlers: handlerMap([counter]), clock: h.clock, log: pino({ level: 'silent' }), claimant: 'next' });
    expect((await poller.runOnce(at(0))).fired).toBe(1);
    expect(counter.fired).toEqual(['incident:2:escalate']);
  });

  it('a handler that throws rolls back its effects and is retried after the lease', async () => {
    h = await openEngine(dialect);
    let attempts = 0;
    const flaky: TimerHandler = {
      kind: 'test.flaky',
      async fire(tx) {
        attempts++;
        await tx.outbox.enqueue({ platform: 'local', orderingKey: 'test', kind: 'test.flaky', payload: { attempts } });
        if (attempts === 1) throw new Error('first try fails');
      },
    };
    await h.store.transaction((tx) => tx.timers.schedule({ key: 'f', kind: 'test.flaky', dueAt: at(0).toISOString(), payload: {} }));
    const poller = timerPoller({ store: h.store, queue: timerQueue(h.db), handlers: handlerMap([flaky]), clock: h.clock, log: pino({ level: 'silent' }), claimant: 'p', leaseMs: MIN });
    expect(await poller.runOnce(at(0))).toEqual({ fired: 0, lost: 0, failed: 1 });
    expect(await h.outbox('test.flaky')).toEqual([]);
    expect(await poller.runOnce(at(2))).toEqual({ fired: 1, lost: 0, failed: 0 });
    expect((await h.outbox('test.flaky')).map((m) => m.payload.attempts)).toEqual([2]);
  });
});
