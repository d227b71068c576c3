import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { timerPoller } from '../../../src/adapters/scheduler/timer-poller';
import { handlerMap } from '../../../src/app/scheduler/fire-timer';
import type { Store } from '../../../src/app/ports/store';
import type { ClaimedTimer, TimerQueue } from '../../../src/app/ports/timer-queue';
import { FakeClock } from '../../fakes/fake-clock';
import { ManualTimers } from '../../fakes/manual-timers';

const LEASE_MS = 15_000;

describe('timer poller leases', () => {
  it('renews the claims of a batch still firing every third of the lease, and stops once it is done', async () => {
    const clock = new FakeClock('2026-01-05T08:00:00.000Z');
    const timer: ClaimedTimer = { key: 'incident:1:escalate', kind: 'test.slow', dueAt: '2026-01-05T08:00:00.000Z', payload: {}, firedAt: null, claim: 'replica-a:1' };
    let claims = 0;
    const renewed: { keys: string[]; until: string }[] = [];
    const queue: TimerQueue = {
      claimDue: async () => (claims++ === 0 ? [timer] : []),
      renew: async ({ timers, leaseUntil }) => {
        renewed.push({ keys: timers.map((t) => `${t.claim} ${t.key}`), until: leaseUntil });
        return timers.map((t) => t.key);
      },
      pruneFired: async () => 0,
    };
    // A firing stuck behind a long commit: the transaction finishes when the test says so.
    let finish!: () => void;
    const committed = new Promise<void>((resolve) => (finish = resolve));
    const store = { transaction: async () => committed.then(() => 'fired' as const) } as unknown as Store;
    const renewTimers = new ManualTimers();
    const poller = timerPoller({ store, queue, handlers: handlerMap([{ kind: 'test.slow', fire: async () => undefined }]), clock, log: pino({ level: 'silent' }), claimant: 'replica-a', leaseMs: LEASE_MS, renewTimers });
    const run = poller.runOnce(clock.now());
    for (let i = 1; i <= 6; i++) {
      await expect.poll(() => renewTimers.pending.size).toBe(1);
      clock.advance(LEASE_MS / 3);
      expect(renewTimers.fire()).toEqual([LEASE_MS / 3]);
      await expect.poll(() => renewed.length).toBe(i);
      expect(renewed.at(-1)).toEqual({ keys: ['replica-a:1 incident:1:escalate'], until: new Date(clock.now().getTime() + LEASE_MS).toISOString() });
    }
    finish();
    expect(await run).toEqual({ fired: 1, lost: 0, failed: 0 });
    expect(renewTimers.pending.size).toBe(0);
  });
});
