import type { OutboxOutcome, OutboxQueue } from '../ports/outbox-queue';

interface Waiting {
  readonly outcome: OutboxOutcome;
  resolve(held: boolean): void;
  reject(error: unknown): void;
}

/**
 * Writes outcomes as their deliveries finish, coalesced: the outcomes that arrive in one turn of
 * the event loop, or while the previous write is in flight, go to the database in one `settle`
 * (one transaction, one commit). A fast delivery is marked without waiting for a slow one of the
 * same batch, and a batch of fast ones costs one commit, not one each. One write at a time, so a
 * worker never races itself on its own rows. Each promise answers whether the lease still held;
 * a failed write rejects every outcome it carried (none was written).
 */
export function outcomeWriter(queue: Pick<OutboxQueue, 'settle'>, worker: string): (outcome: OutboxOutcome) => Promise<boolean> {
  let waiting: Waiting[] = [];
  let busy = false;

  async function flush(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const held = await queue.settle(worker, batch.map((w) => w.outcome));
        batch.forEach((w, i) => w.resolve(held[i] === true));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    busy = false;
  }

  return (outcome) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ outcome, resolve, reject });
      if (busy) return;
      busy = true;
      // Not a clock: lets the other deliveries finishing in this turn join the write.
      setImmediate(() => void flush());
    });
}
