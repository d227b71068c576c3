import type { TimerHandler } from '../../../src/app/scheduler/fire-timer';

/**
 * A timer kind that only counts: one timeline-free effect per firing (a `test.fired` outbox row),
 * written in the firing transaction, and the keys in the order they fired. A key in `failing`
 * throws after writing, so its effect must roll back.
 */
export function countingHandler(failing: ReadonlySet<string> = new Set()): TimerHandler & { readonly fired: string[] } {
  const fired: string[] = [];
  return {
    kind: 'test.count',
    fired,
    async fire(tx, timer) {
      await tx.outbox.enqueue({ platform: 'local', orderingKey: 'test', kind: 'test.fired', payload: { key: timer.key } });
      if (failing.has(timer.key)) throw new Error(`${timer.key} fails`);
      fired.push(timer.key);
    },
  };
}
