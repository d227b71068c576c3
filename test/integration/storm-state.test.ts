import { describe, expect, it } from 'vitest';
import { sqlStore } from '../../src/adapters/db/sql-store';
import type { Db } from '../../src/adapters/db/connect';
import { openIncident } from '../../src/app/open-incident';
import type { Store } from '../../src/app/ports/store';
import { stormCheckHandler } from '../../src/app/storm/storm-check';
import { openHeldChannel } from '../../src/app/storm/open-held-channel';
import { stormCheckKey } from '../../src/app/scheduler/timer-contracts';
import { FakeClock } from '../fakes/fake-clock';
import { freshDatabases } from '../support/fresh-database';
import { dialects } from '../support/dialects';

// Storm mode's state lives in the database so that every replica agrees (docs/adr/0009-storm-mode.md):
// concurrent opens count each other, the end comes from the timer.storm_check timer, and a held channel
// asked for twice at once is opened once. On every dialect.

const START = '2026-01-07T10:00:00.000Z';
const service = { id: 'pay', autoResolve: true, captureMessages: 'none', chat: [{ platform: 'slack', announceChannel: 'C0ANNOUNCE' }], stormPerMinute: 3 };

async function setup(db: Db): Promise<{ store: Store; clock: FakeClock }> {
  const clock = new FakeClock(START);
  const store = sqlStore(db, clock);
  await store.read.policy.upsertObject('service', 'pay', 0, service);
  return { store, clock };
}

const open = (store: Store, now: Date, n: number) =>
  store.transaction((tx) => openIncident(tx, { title: `alert ${n % 2}`, severity: 'sev2', serviceId: 'pay', dedupKey: `k${n}`, integrationId: null, actor: { kind: 'source', id: 'test' }, now, openedText: 'opened' }));

const kinds = async (db: Db, kind: string) => (await db.kysely.selectFrom('outbox').select(['kind', 'payload']).where('kind', '=', kind).execute()).map((r) => JSON.parse(r.payload) as Record<string, unknown>);

/** The storm check as the scheduler fires it: the pending timer's handler, in one transaction (the next check replaces the key). */
async function fireCheck(store: Store, now: Date): Promise<void> {
  await store.transaction(async (tx) => {
    const timer = await tx.timers.find(stormCheckKey('pay'));
    if (!timer || timer.firedAt !== null) throw new Error('no storm check pending');
    await stormCheckHandler.fire(tx, timer, now);
  });
}

describe.each(dialects)('storm state on $name', (dialect) => {
  const { open: openDb } = freshDatabases(dialect);

  it('12 incidents opened at once with a threshold of 3: 3 channels, one storm, 9 incidents in one digest minute', async () => {
    const db = await openDb();
    const { store, clock } = await setup(db);
    await Promise.all(Array.from({ length: 12 }, (_, n) => open(store, clock.now(), n)));

    expect(await kinds(db, 'notice.incident_opened')).toHaveLength(3);
    expect(await kinds(db, 'notice.incident_page')).toHaveLength(0); // no escalation policy: nobody to page
    expect((await kinds(db, 'notice.storm_line')).map((p) => p.text)).toEqual([expect.stringMatching(/^🌪️ Storm started on pay: 4 new incidents in the last minute \(more than 3\)/)]);
    expect(await kinds(db, 'notice.storm_digest')).toHaveLength(1);
    const held = await db.kysely.selectFrom('storm_incidents').selectAll().execute();
    expect(held).toHaveLength(9);
    expect(new Set(held.map((h) => h.minute_at))).toEqual(new Set([START]));
    expect(await store.read.storms.digest('pay', START)).toHaveLength(9);
    expect(await store.read.storms.active('pay')).toMatchObject({ startedAt: START, perMinute: 3, endedAt: null });
  });

  it('Teams, which threads pages under the card, still gets each card in a storm, as a thread without a channel of its own', async () => {
    const db = await openDb();
    const { store, clock } = await setup(db);
    await store.read.policy.upsertObject('service', 'pay', 1, { ...service, chat: [...service.chat, { platform: 'teams', team: '19:ops@thread.tacv2', channel: '19:pay@thread.tacv2' }] });
    for (let n = 0; n < 5; n++) await open(store, clock.now(), n);
    const opened = await kinds(db, 'notice.incident_opened');
    const on = (platform: string) => opened.filter((p) => (p.target as { platform: string }).platform === platform);
    expect(on('slack')).toHaveLength(3);
    expect(on('teams').map((p) => p.inStorm ?? false)).toEqual([false, false, false, true, true]);
  });

  it('a held channel asked for twice at once is opened once', async () => {
    const db = await openDb();
    const { store, clock } = await setup(db);
    for (let n = 0; n < 4; n++) await open(store, clock.now(), n);
    const held = (await db.kysely.selectFrom('storm_incidents').select('incident_id').execute()).map((r) => Number(r.incident_id));
    expect(held).toHaveLength(1);
    const ask = () =>
      store.transaction(async (tx) => {
        await tx.incidents.lock(held[0]!);
        const incident = (await tx.incidents.byId(held[0]!))!;
        return openHeldChannel(tx, incident, clock.now());
      });
    expect((await Promise.all([ask(), ask()])).sort()).toEqual(['already', 'opened']);
    expect((await kinds(db, 'notice.incident_opened')).filter((p) => (p.incident as { id: number }).id === held[0])).toHaveLength(1);
  });

  it('a busy minute keeps the storm; a quiet one ends it, on the timeline of every incident it held', async () => {
    const db = await openDb();
    const { store, clock } = await setup(db);
    for (let n = 0; n < 6; n++) await open(store, clock.now(), n);
    clock.set('2026-01-07T10:00:30.000Z');
    for (let n = 6; n < 8; n++) await open(store, clock.now(), n);

    clock.set('2026-01-07T10:01:00.000Z');
    await fireCheck(store, clock.now());
    expect(await store.read.storms.active('pay')).toBeDefined();
    expect((await kinds(db, 'notice.storm_digest')).map((p) => p.minuteAt)).toContain(START);

    clock.set('2026-01-07T10:02:00.000Z');
    await fireCheck(store, clock.now());
    expect(await store.read.storms.active('pay')).toBeUndefined();
    const ended = (await kinds(db, 'notice.storm_line')).map((p) => String(p.text)).filter((t) => t.startsWith('☀️'));
    expect(ended).toEqual([expect.stringContaining('5 incidents opened during it (INC-4…INC-8)')]);
    for (const number of [4, 8]) {
      const incident = (await store.read.incidents.byNumber(number))!;
      expect((await store.read.timeline.list(incident.id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['incident.storm_started', 'incident.storm_ended']));
    }
    const calm = (await store.read.incidents.byNumber(3))!;
    expect((await store.read.timeline.list(calm.id)).map((e) => e.kind)).not.toContain('incident.storm_ended');
  });

  it('counts a service\'s openings no further than asked: one past the threshold is all a decision needs', async () => {
    const db = await openDb();
    const { store, clock } = await setup(db);
    for (let n = 0; n < 6; n++) await open(store, clock.now(), n);
    const count = (atMost: number) => store.read.storms.countOpened('pay', '2026-01-07T09:59:00.001Z', '2026-01-07T10:00:00.001Z', atMost);
    expect([await count(100), await count(4), await count(1), await count(0)]).toEqual([6, 4, 1, 0]);
  });

  it('a threshold of 0 is no limit: 12 incidents at once get 12 channels and no storm', async () => {
    const db = await openDb();
    const { store, clock } = await setup(db);
    await store.read.policy.upsertObject('service', 'pay', 1, { ...service, stormPerMinute: 0 });
    await Promise.all(Array.from({ length: 12 }, (_, n) => open(store, clock.now(), n)));
    expect(await kinds(db, 'notice.incident_opened')).toHaveLength(12);
    expect(await kinds(db, 'notice.storm_line')).toEqual([]);
    expect(await db.kysely.selectFrom('storm_incidents').selectAll().execute()).toEqual([]);
    expect(await store.read.storms.active('pay')).toBeUndefined();
  });

  it('storm mode turned off during a storm ends it at the end of that minute, and says why', async () => {
    const db = await openDb();
    const { store, clock } = await setup(db);
    for (let n = 0; n < 6; n++) await open(store, clock.now(), n);
    await store.read.policy.upsertObject('service', 'pay', 1, { ...service, stormPerMinute: 0 });
    clock.set('2026-01-07T10:00:30.000Z');
    await open(store, clock.now(), 6); // still held: the storm lasts until its minute is checked
    expect(await store.read.storms.digest('pay', START)).toHaveLength(4);

    clock.set('2026-01-07T10:01:00.000Z');
    await fireCheck(store, clock.now());
    expect(await store.read.storms.active('pay')).toBeUndefined();
    const ended = (await kinds(db, 'notice.storm_line')).map((p) => String(p.text)).filter((t) => t.startsWith('☀️'));
    expect(ended).toEqual([expect.stringContaining('Storm ended on pay: storm mode was turned off for the service.')]);
    await open(store, clock.now(), 7);
    expect(await kinds(db, 'notice.incident_opened')).toHaveLength(4);
  });
});
