import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/adapters/db/connect';
import { outboxQueue } from '../../../src/adapters/db/outbox-queue';
import type { OutboxOutcome } from '../../../src/app/ports/outbox-queue';
import { dialects } from '../../support/dialects';
import { freshDatabases } from '../../support/fresh-database';

const T0 = Date.parse('2026-01-05T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

/** What the queue should hold, kept beside it in plain JavaScript. */
interface ModelRow {
  readonly id: number;
  readonly key: string;
  state: 'open' | 'delivered' | 'failed';
  availableAt: number;
  attempts: number;
}

/** The heads the claim must offer: per key the oldest row still to deliver, if due; by id. */
function expectedHeads(model: readonly ModelRow[], now: number, limit: number): number[] {
  const heads = new Map<string, ModelRow>();
  for (const r of model) if (r.state === 'open' && !heads.has(r.key)) heads.set(r.key, r);
  return [...heads.values()].filter((r) => r.availableAt <= now).map((r) => r.id).sort((a, b) => a - b).slice(0, limit);
}

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

async function insertRows(db: Db, rows: readonly { platform: string; key: string; deliveredAt?: string; priority?: number }[]): Promise<number[]> {
  const ids: number[] = [];
  await db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((r) => ({ platform: r.platform, ordering_key: r.key, kind: 'notice.incident_message', payload: '{}', created_at: iso(T0), available_at: iso(T0), delivered_at: r.deliveredAt ?? null, priority: r.priority ?? 0 }));
      ids.push(...(await trx.insertInto('outbox').values(chunk).returning('id').execute()).map((r) => Number(r.id)));
    }
  });
  return ids;
}

/** Makes the database refuse to mark one row delivered, as a failing disk or constraint would. */
async function refuseDelivering(db: Db, id: number): Promise<void> {
  if (db.dialect === 'sqlite') {
    await sql.raw(`create trigger outbox_refuse before update of delivered_at on outbox when new.id = ${id} and new.delivered_at is not null begin select raise(abort, 'refused by the test'); end`).execute(db.kysely);
    return;
  }
  await sql.raw(`create function outbox_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`).execute(db.kysely);
  await sql.raw(`create trigger outbox_refuse before update on outbox for each row when (new.id = ${id} and new.delivered_at is not null) execute function outbox_refuse()`).execute(db.kysely);
}

describe.each(dialects)('outbox queue on $name', (dialect) => {
  const { open } = freshDatabases(dialect);

  it('with 5,000 rows queued over 400 keys, every claim offers exactly the due heads, in id order', async () => {
    const db = await open();
    const queue = outboxQueue(db);
    const random = lcg(7);
    // Delivered history first (the claim must not walk it), then the backlog with each key's rows
    // spread through it, and another platform's rows among them.
    await insertRows(db, Array.from({ length: 300 }, (_, i) => ({ platform: 'slack', key: `slack:incident:old${i}`, deliveredAt: iso(T0) })));
    const backlog = Array.from({ length: 5_000 }, () => ({ platform: 'slack', key: `slack:incident:${Math.floor(random() * 400)}` }));
    const ids = await insertRows(db, backlog);
    await insertRows(db, Array.from({ length: 200 }, (_, i) => ({ platform: 'teams', key: `teams:incident:${i % 50}` })));
    const model: ModelRow[] = backlog.map((r, i) => ({ id: ids[i]!, key: r.key, state: 'open', availableAt: T0, attempts: 0 }));
    const byId = new Map(model.map((r) => [r.id, r]));

    let now = T0;
    let claims = 0;
    while (model.some((r) => r.state === 'open') && claims < 500) {
      const claimed = await queue.claim({ platform: 'slack', worker: 'w1', now: iso(now), leaseUntil: iso(now + 5 * MIN), limit: 100 });
      const want = expectedHeads(model, now, 100);
      expect(claimed.map((m) => m.id)).toEqual(want);
      claims++;
      if (claimed.length === 0) {
        now += MIN; // only rows waiting for a retry are left
        continue;
      }
      // Some heads wait for a retry (holding their key back), some fail (letting it go on).
      const outcomes = claimed.map((m): OutboxOutcome => {
        const row = byId.get(m.id)!;
        row.attempts++;
        if (m.id % 7 === 0 && row.attempts === 1) {
          row.availableAt = now + MIN;
          return { id: m.id, kind: 'retry', availableAt: iso(row.availableAt), error: 'HTTP 503' };
        }
        row.state = m.id % 11 === 0 ? 'failed' : 'delivered';
        return row.state === 'failed' ? { id: m.id, kind: 'failed', at: iso(now), error: 'channel_not_found' } : { id: m.id, kind: 'delivered', at: iso(now), result: { ts: String(m.id) } };
      });
      expect(await queue.settle('w1', outcomes)).toEqual(outcomes.map(() => true));
    }
    expect(model.every((r) => r.state !== 'open')).toBe(true);
    const left = await db.kysely.selectFrom('outbox').select(['platform', (eb) => eb.fn.countAll().as('n')]).where('delivered_at', 'is', null).where('failed_at', 'is', null).groupBy('platform').execute();
    expect(left.map((r) => [r.platform, Number(r.n)])).toEqual([['teams', 200]]);
  });

  it('writes a batch of outcomes in one transaction: a failure half-way leaves every row claimed', async () => {
    const db = await open();
    const queue = outboxQueue(db);
    await insertRows(db, Array.from({ length: 6 }, (_, i) => ({ platform: 'slack', key: `k${i}` })));
    const claimed = await queue.claim({ platform: 'slack', worker: 'w1', now: iso(T0), leaseUntil: iso(T0 + MIN), limit: 10 });
    expect(claimed).toHaveLength(6);
    const outcomes = claimed.map((m, i): OutboxOutcome => (i % 2 === 0 ? { id: m.id, kind: 'delivered', at: iso(T0), result: { ts: 'x' } } : { id: m.id, kind: 'retry', availableAt: iso(T0 + MIN), error: 'HTTP 503' }));
    await refuseDelivering(db, claimed[4]!.id);

    await expect(queue.settle('w1', outcomes)).rejects.toThrow(/refused by the test/);
    const after = await db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
    // Nothing half-written: the rows settled before the refused one were rolled back with it.
    expect(after.map((r) => [r.claimed_by, r.delivered_at, Number(r.attempts), r.last_error])).toEqual(after.map(() => ['w1', null, 0, null]));

    await sql.raw('drop trigger outbox_refuse' + (db.dialect === 'postgres' ? ' on outbox' : '')).execute(db.kysely);
    expect(await queue.settle('w1', outcomes)).toEqual([true, true, true, true, true, true]);
    const settled = await db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(settled.map((r) => [r.claimed_by, r.delivered_at !== null, Number(r.attempts)])).toEqual([
      [null, true, 0],
      [null, false, 1],
      [null, true, 0],
      [null, false, 1],
      [null, true, 0],
      [null, false, 1],
    ]);
  });

  it('settles only the rows the worker still holds, and says which it lost', async () => {
    const db = await open();
    const queue = outboxQueue(db);
    await insertRows(db, Array.from({ length: 3 }, (_, i) => ({ platform: 'slack', key: `k${i}` })));
    const [a, b, c] = await queue.claim({ platform: 'slack', worker: 'w1', now: iso(T0), leaseUntil: iso(T0 + MIN), limit: 10 });
    // w1 stalled past its lease and w2 took `b` over.
    expect((await queue.claim({ platform: 'slack', worker: 'w2', now: iso(T0 + 2 * MIN), leaseUntil: iso(T0 + 7 * MIN), limit: 2 })).map((m) => m.id)).toEqual([a!.id, b!.id]);
    expect(await queue.settle('w2', [{ id: a!.id, kind: 'delivered', at: iso(T0 + 2 * MIN), result: undefined }])).toEqual([true]);

    const held = await queue.settle('w1', [
      { id: a!.id, kind: 'failed', at: iso(T0 + 3 * MIN), error: 'late' },
      { id: b!.id, kind: 'delivered', at: iso(T0 + 3 * MIN), result: { ts: 'late' } },
      { id: c!.id, kind: 'delivered', at: iso(T0 + 3 * MIN), result: { ts: 'c' } },
    ]);
    expect(held).toEqual([false, false, true]);
    const rows = await db.kysely.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.claimed_by, r.delivered_at, r.failed_at, r.result])).toEqual([
      [null, iso(T0 + 2 * MIN), null, null], // w2's outcome stands
      ['w2', null, null, null], // still w2's to settle
      [null, iso(T0 + 3 * MIN), null, '{"ts":"c"}'],
    ]);
  });

  it('offers pages before older rows, a page lane pages alone, and a page still waits for an older row of its own key', async () => {
    const db = await open();
    const queue = outboxQueue(db);
    const [open1, open2, page1, page2, behind] = await insertRows(db, [
      { platform: 'slack', key: 'slack:incident:1' },
      { platform: 'slack', key: 'slack:incident:2' },
      { platform: 'slack', key: 'slack:incident:1:page', priority: 10 },
      { platform: 'slack', key: 'slack:incident:2:page', priority: 10 },
      // Teams-like: a page on its incident's key waits for the announcement before it.
      { platform: 'slack', key: 'slack:incident:2', priority: 10 },
    ]);
    const claim = (worker: string, limit: number, minPriority?: number) =>
      queue.claim({ platform: 'slack', worker, now: iso(T0), leaseUntil: iso(T0 + MIN), limit, ...(minPriority ? { minPriority } : {}) });
    expect((await claim('pages', 10, 10)).map((m) => [m.id, m.priority])).toEqual([[page1, 10], [page2, 10]]);
    expect((await claim('all', 1)).map((m) => m.id)).toEqual([open1]);
    expect((await claim('all', 10)).map((m) => m.id)).toEqual([open2]);
    expect(await queue.settle('all', [{ id: open2!, kind: 'delivered', at: iso(T0), result: undefined }])).toEqual([true]);
    expect((await claim('all', 10)).map((m) => m.id)).toEqual([behind]);
  });
});
