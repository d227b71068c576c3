import type { Clock } from '../../src/app/ports/clock';

/** A clock tests move by hand: nothing in a test waits for real time to pass. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-05T08:00:00.000Z') {
    this.current = toMillis(start);
  }

  /** A fresh Date each call, so a caller mutating it cannot move the clock. */
  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = toMillis(at);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`FakeClock.advance: ${ms} is not a non-negative number of milliseconds`);
    this.current += ms;
  }
}

function toMillis(at: Date | string): number {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Error(`FakeClock: invalid time ${String(at)}`);
  return ms;
}
