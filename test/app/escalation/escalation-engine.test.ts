import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from '../../../src/app/incident-lifecycle/resolve';
import { dialects } from '../../support/dialects';
import { at, MIN, openEngine, pagesOf, T0, type EngineHarness } from '../../support/engine-harness';

/** Runs the scheduler once a minute from `from` to `to` minutes after T0, as a replica polling would. */
async function everyMinute(h: EngineHarness, from: number, to: number): Promise<void> {
  for (let m = from; m <= to; m++) {
    h.clock.set(at(m));
    await h.scheduler.runOnce(at(m));
  }
}

describe.each(dialects)('escalation engine on $name', (dialect) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('pages a three-step policy with repeat 2 at exactly the planned instants, then stops and says so', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await everyMinute(h, 0, 150);
    const timeline = await h.timeline(incident);
    // Steps at 0, 10, 20 minutes; a round lasts 30 (the last gap repeats); three rounds.
    expect(pagesOf(timeline)).toEqual([
      '+0m alice',
      '+10m carol',
      '+20m dave',
      '+20m #C01INCIDENTS',
      '+30m alice',
      '+40m carol',
      '+50m dave',
      '+50m #C01INCIDENTS',
      '+60m alice',
      '+70m carol',
      '+80m dave',
      '+80m #C01INCIDENTS',
    ]);
    const texts = timeline.map((e) => e.text);
    expect(texts).toContain('Paged @carol (step 2, round 1)');
    expect(texts).toContain('Paged @dave (step 3, round 3)');
    expect(texts.filter((t) => t.startsWith('Nobody is on call in rotation later'))).toHaveLength(3);
    expect(texts.filter((t) => t.startsWith('Not acknowledged after'))).toHaveLength(8);
    expect(timeline.filter((e) => e.kind === 'incident.escalation_exhausted')).toHaveLength(1);

    const pages = await h.outbox('notice.incident_page');
    expect(pages.map((p) => [(Date.parse(p.createdAt) - Date.parse(T0)) / MIN, p.payload.people.map((x: { id: string }) => x.id), p.platform])).toEqual([
      [0, ['alice'], 'slack'],
      [10, ['carol'], 'slack'],
      [20, ['dave'], 'slack'],
      [30, ['alice'], 'slack'],
      [40, ['carol'], 'slack'],
      [50, ['dave'], 'slack'],
      [60, ['alice'], 'slack'],
      [70, ['carol'], 'slack'],
      [80, ['dave'], 'slack'],
    ]);
    // The person's chat ids travel with the page, for the mention and the direct message.
    expect(pages[0]!.payload.people[0]).toMatchObject({ id: 'alice', slackId: 'U01ALICE' });
    const channelPosts = await h.outbox('notice.channel_post');
    expect(channelPosts.map((p) => p.payload.channel)).toEqual(Array(3).fill({ platform: 'slack', id: 'C01INCIDENTS' }));
    expect((await h.timers()).filter((t) => t.key.endsWith(':escalate') && t.fired_at === null)).toEqual([]);
  });

  it('stops paging when acknowledged, and nudges the quiet acknowledged incident every 30 minutes', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await everyMinute(h, 0, 12);
    await h.acknowledge(incident, 'carol');
    await everyMinute(h, 13, 100);
    const timeline = await h.timeline(incident);
    expect(pagesOf(timeline)).toEqual(['+0m alice', '+10m carol']);
    // Acknowledged at +12; quiet since then: nudges at +42 and +72 (a nudge is activity too).
    const reminders = timeline.filter((e) => e.kind === 'incident.reminder').map((e) => (Date.parse(e.at) - Date.parse(T0)) / MIN);
    expect(reminders).toEqual([42, 72]);
    expect(timeline.find((e) => e.kind === 'incident.reminder')!.text).toBe('Reminder: INC-1 has been quiet for 30m (@carol). Post an update with /incident note, or /incident resolve.');
  });

  it('lets timeline activity push the reminder back', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await everyMinute(h, 0, 1);
    await h.acknowledge(incident, 'alice');
    await everyMinute(h, 2, 25);
    await h.note(incident, 'rolling back the deploy');
    await everyMinute(h, 26, 60);
    const reminders = (await h.timeline(incident)).filter((e) => e.kind === 'incident.reminder').map((e) => (Date.parse(e.at) - Date.parse(T0)) / MIN);
    expect(reminders).toEqual([55]);
  });

  it('a manual escalation pages the next step now, and the step after keeps its own delay', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await everyMinute(h, 0, 3);
    await h.escalateByHand(incident);
    await everyMinute(h, 3, 25);
    // carol at +3 (manual); dave at +20 as planned (+3 plus the 10-minute gap would be +13, sooner).
    expect(pagesOf(await h.timeline(incident))).toEqual(['+0m alice', '+3m carol', '+20m dave', '+20m #C01INCIDENTS']);
  });

  it('a manual escalation of an acknowledged incident pages once and schedules nothing more', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await everyMinute(h, 0, 1);
    await h.acknowledge(incident, 'alice');
    await everyMinute(h, 2, 4);
    await h.escalateByHand(incident);
    await everyMinute(h, 5, 40);
    expect(pagesOf(await h.timeline(incident))).toEqual(['+0m alice', '+5m carol']);
  });

  it('resolving cancels every timer of the incident', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await everyMinute(h, 0, 5);
    await h.store.transaction(async (tx) => resolve(tx, (await tx.incidents.byId(incident.id))!, { actor: { kind: 'person', id: 'alice' } }, h!.clock.now()));
    await everyMinute(h, 6, 90);
    const timeline = await h.timeline(incident);
    expect(pagesOf(timeline)).toEqual(['+0m alice']);
    expect(timeline.filter((e) => e.kind === 'incident.reminder')).toEqual([]);
    expect((await h.timers()).filter((t) => t.key.startsWith(`incident:${incident.id}:`) && t.fired_at === null)).toEqual([]);
  });

  it('a rotation with nobody on call is said on the timeline and in the channel, never skipped silently', async () => {
    h = await openEngine(dialect);
    const incident = await h.open();
    await everyMinute(h, 0, 10);
    const missed = (await h.timeline(incident)).filter((e) => e.kind === 'incident.page_missed');
    expect(missed.map((e) => e.text)).toEqual(['Nobody is on call in rotation later: nobody paged for it (step 2, round 1)']);
    expect((await h.outbox('notice.incident_message')).map((m) => m.payload.text)).toContain('Nobody is on call in later: nobody was paged for it (step 2, round 1).');
  });
});
