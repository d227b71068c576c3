import { describe, expect, it } from 'vitest';
import type { OutboxOutcome, OutboxQueue } from '../../../src/app/ports/outbox-queue';
import { outcomeWriter } from '../../../src/app/outbox/outcome-writer';

const delivered = (id: number): OutboxOutcome => ({ id, kind: 'delivered', at: '2026-01-05T08:00:00.000Z', result: undefined });

/** A queue whose writes the test answers by hand, one at a time. */
function heldQueue() {
  const writes: { ids: number[]; answer(held: boolean[] | Error): void }[] = [];
  const queue: Pick<OutboxQueue, 'settle'> = {
    settle: (_worker, outcomes) =>
      new Promise((resolve, reject) => writes.push({ ids: outcomes.map((o) => o.id), answer: (held) => (held instanceof Error ? reject(held) : resolve(held)) })),
  };
  return { queue, writes };
}

describe('outcome writer', () => {
  it('writes what arrives in one turn together, and what arrives during a write in the next one', async () => {
    const { queue, writes } = heldQueue();
    const write = outcomeWriter(queue, 'w1');
    const first = [write(delivered(1)), write(delivered(2))];
    await expect.poll(() => writes.length).toBe(1);
    const later = [write(delivered(3)), write(delivered(4))];
    expect(writes.map((w) => w.ids)).toEqual([[1, 2]]); // one write at a time
    writes[0]!.answer([true, false]);
    expect(await Promise.all(first)).toEqual([true, false]);
    await expect.poll(() => writes.length).toBe(2);
    expect(writes[1]!.ids).toEqual([3, 4]);
    writes[1]!.answer([true, true]);
    expect(await Promise.all(later)).toEqual([true, true]);
  });

  it('fails every outcome of a write that failed, and writes the next ones anyway', async () => {
    const { queue, writes } = heldQueue();
    const write = outcomeWriter(queue, 'w1');
    const lost = [write(delivered(1)), write(delivered(2))];
    await expect.poll(() => writes.length).toBe(1);
    writes[0]!.answer(new Error('disk I/O error'));
    expect((await Promise.allSettled(lost)).map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(['Error: disk I/O error', 'Error: disk I/O error']);
    const next = write(delivered(1));
    await expect.poll(() => writes.length).toBe(2);
    writes[1]!.answer([true]);
    expect(await next).toBe(true);
  });
});
