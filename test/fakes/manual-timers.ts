import type { LoopTimers } from '../../src/app/lease-heartbeat';

/** Loop timers a test runs by hand: `fire()` runs what is set now, as the event loop would once its time came. */
export class ManualTimers implements LoopTimers {
  readonly pending = new Set<{ run: () => void; ms: number }>();

  set(run: () => void, ms: number): unknown {
    const t = { run, ms };
    this.pending.add(t);
    return t;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as { run: () => void; ms: number });
  }

  /** Runs every timer set, and answers their delays. */
  fire(): number[] {
    const due = [...this.pending];
    this.pending.clear();
    for (const t of due) t.run();
    return due.map((t) => t.ms);
  }
}
