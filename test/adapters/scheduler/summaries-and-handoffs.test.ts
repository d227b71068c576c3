import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from '../../support/dialects';
import { openEngine, type EngineHarness } from '../../support/engine-harness';

const d = (iso: string) => new Date(iso);
/** Monday 2026-01-12 09:00 in Berlin: the weekly summary's run, and primary's handoff from alice to bob. */
const MON_12 = '2026-01-12T08:00:00.000Z';

async function tick(h: EngineHarness, iso: string) {
  h.clock.set(iso);
  return h.scheduler.runOnce(d(iso));
}

describe.each(dialects)('summaries and handoff notices on $name', (dialect) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('posts the weekly summary once per run, a doubled node-cron tick included, with last week\'s incident in it', async () => {
    h = await openEngine(dialect);
    await h.open();
    await tick(h, '2026-01-07T10:00:00.000Z'); // pages alice
    await tick(h, '2026-01-12T07:59:59.999Z');
    expect(await h.outbox('notice.channel_post').then((m) => m.filter((x) => x.payload.summary))).toEqual([]);
    expect((await tick(h, MON_12)).summaries.map((s) => s.period)).toEqual(['2026-01-12T09:00']);
    expect((await tick(h, MON_12)).summaries).toEqual([]);
    expect((await tick(h, '2026-01-12T08:00:30.000Z')).summaries).toEqual([]);
    const posts = (await h.outbox('notice.channel_post')).filter((m) => m.payload.summary === 'weekly');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ platform: 'slack', payload: { channel: { platform: 'slack', id: 'C01ONCALL' }, period: '2026-01-12T09:00' } });
    const text: string = posts[0]!.payload.text;
    expect(text).toContain('• @bob: Mon 12 Jan 2026 09:00 CET → Mon 19 Jan 2026 09:00 CET');
    expect(text).toContain('1 incident: 1 sev2 (1 still open)');
    expect(text).toContain('Pages: @alice 1 (0 outside working hours)');
    expect(text).toMatch(/Calendar feed: https:\/\/tocsin\.example\.com\/calendar\/primary\.ics\?token=[\w-]+/);
    const recorded = await h.db.kysely.selectFrom('summary_posts').selectAll().execute();
    expect(recorded.map((r) => [r.summary_id, r.period_key])).toEqual([['weekly', '2026-01-12T09:00']]);
  });

  it('a run missed while Tocsin was down is caught up once at start, as of the run it stands for; only the latest of several', async () => {
    h = await openEngine(dialect);
    await tick(h, MON_12);
    // Down from Mon 12 to Wed 4 Feb: the runs of 19 Jan, 26 Jan and 2 Feb were missed.
    const late = await tick(h, '2026-02-04T15:00:00.000Z');
    expect(late.summaries.map((s) => s.period)).toEqual(['2026-02-02T09:00']);
    expect(late.summaries[0]!.post.title).toBe('On-call summary: week of Mon 2 Feb 2026 (weekly)');
    expect((await tick(h, '2026-02-04T15:01:00.000Z')).summaries).toEqual([]);
    expect((await h.outbox('notice.channel_post')).filter((m) => m.payload.summary)).toHaveLength(2);
  });

  it('a summary that has never posted does not post a stale week when Tocsin starts midweek', async () => {
    h = await openEngine(dialect);
    expect((await tick(h, '2026-01-07T10:00:00.000Z')).summaries).toEqual([]);
    expect((await tick(h, '2026-01-12T08:30:00.000Z')).summaries.map((s) => s.period)).toEqual(['2026-01-12T09:00']);
  });

  it('tells bob he is on call and alice she is off at the Monday 09:00 handoff, once', async () => {
    h = await openEngine(dialect);
    await tick(h, '2026-01-07T10:00:00.000Z');
    expect((await h.timers()).find((t) => t.key === 'rotation:primary:handoff')).toMatchObject({ due_at: MON_12, fired_at: null });
    await tick(h, MON_12);
    await tick(h, MON_12);
    const notices = await h.outbox('notice.person_message');
    expect(notices.map((n) => [n.platform, n.payload.person.id, n.payload.role, n.payload.text])).toEqual([
      ['slack', 'bob', 'incoming', 'You are on call for Platform primary from Mon 12 Jan 2026 09:00 CET until Mon 19 Jan 2026 09:00 CET taking over from @alice.'],
      ['slack', 'alice', 'outgoing', 'You are off call for Platform primary since Mon 12 Jan 2026 09:00 CET: @bob has taken over. Thank you.'],
    ]);
    expect((await h.timers()).find((t) => t.key === 'rotation:primary:handoff')).toMatchObject({ due_at: '2026-01-19T08:00:00.000Z', fired_at: null });
  });

  it('moves the handoff timer when an override is added, and announces its start and end', async () => {
    h = await openEngine(dialect);
    await tick(h, '2026-01-07T10:00:00.000Z');
    await h.store.transaction((tx) => tx.policy.upsertOverride({ id: 'o1', rotationId: 'primary', personId: 'carol', start: '2026-01-08T17:00:00.000Z', end: '2026-01-09T08:00:00.000Z', source: 'chat' }));
    await tick(h, '2026-01-07T10:01:00.000Z');
    expect((await h.timers()).find((t) => t.key === 'rotation:primary:handoff')?.due_at).toBe('2026-01-08T17:00:00.000Z');
    await tick(h, '2026-01-08T17:00:00.000Z');
    await tick(h, '2026-01-09T08:00:00.000Z');
    const notices = (await h.outbox('notice.person_message')).map((n) => `${n.payload.person.id} ${n.payload.role} ${n.payload.at}`);
    expect(notices).toEqual(['carol incoming 2026-01-08T17:00:00.000Z', 'alice outgoing 2026-01-08T17:00:00.000Z', 'alice incoming 2026-01-09T08:00:00.000Z', 'carol outgoing 2026-01-09T08:00:00.000Z']);
  });

  it('after downtime across several handoffs announces only the latest (who is on call now)', async () => {
    h = await openEngine(dialect);
    await tick(h, '2026-01-07T10:00:00.000Z');
    await tick(h, '2026-01-27T12:00:00.000Z'); // missed 12, 19 and 26 January
    const notices = (await h.outbox('notice.person_message')).map((n) => `${n.payload.person.id} ${n.payload.role} ${n.payload.at}`);
    expect(notices).toEqual(['bob incoming 2026-01-26T08:00:00.000Z', 'alice outgoing 2026-01-26T08:00:00.000Z']);
    expect((await h.timers()).find((t) => t.key === 'rotation:primary:handoff')?.due_at).toBe('2026-02-02T08:00:00.000Z');
  });
});
