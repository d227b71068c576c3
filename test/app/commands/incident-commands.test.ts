import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/domain/timeline/timeline-entry';
import { dialects } from '../../support/dialects';
import { commandsOf, openHarness, type Harness } from '../../support/command-harness';

describe.each(dialects)('incident commands on $name', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(dialect);
  });
  afterEach(async () => h.cleanup());

  const declare = () => h.run('/incident declare Checkout is down sev2 payments', 'bob');

  it('declare opens an incident for a person, with the service paged and the command on its timeline', async () => {
    const reply = await declare();
    expect(reply).toMatchObject({ ok: true, visibility: 'channel', incidentRef: 'INC-1' });
    expect(reply.text).toBe('INC-1 declared by @bob: Checkout is down (sev2, payments)');
    expect(await h.incident(1)).toMatchObject({ title: 'Checkout is down', severity: 'sev2', serviceId: 'payments', status: 'triggered' });
    // Step 1 (primary, after: 0s) is paged by the declare itself, in its transaction; step 2 (carol,
    // after 10 minutes) is the escalation timer.
    const entries = await h.timeline(1);
    expect(entries.map((e) => [e.kind, e.actor.kind, e.actor.id])).toEqual([
      ['incident.opened', 'person', 'bob'],
      ['incident.paged', 'tocsin', 'tocsin'],
      ['command', 'person', 'bob'],
    ]);
    expect(entries[1]).toMatchObject({ text: 'Paged @alice (step 1, round 1)', at: h.clock.now().toISOString(), data: { person: 'alice', step: 0, round: 0 } });
    expect(entries[2]!.data).toMatchObject({ accepted: true, reply: reply.text });
    const pages = await h.db.kysely.selectFrom('outbox').select(['platform', 'payload']).where('kind', '=', 'notice.incident_page').execute();
    expect(pages.map((p) => [p.platform, JSON.parse(p.payload).people.map((x: { id: string }) => x.id)])).toEqual([['local', ['alice']]]);
    const timers = await h.timers();
    expect(timers.map((t) => [t.key, t.due_at])).toEqual([['incident:1:escalate', new Date(h.clock.now().getTime() + 600_000).toISOString()]]);
    expect(JSON.parse(timers[0]!.payload)).toMatchObject({ step: 1, round: 0 });
  });

  it('declare defaults to sev3 and refuses an unknown service, naming the ones there are', async () => {
    expect((await h.run('/incident declare Slow search')).ok).toBe(true);
    expect((await h.incident(1)).severity).toBe('sev3');
    const refused = await h.run('/incident declare Slow search sev2 nosuch');
    expect(refused).toMatchObject({ ok: false, visibility: 'ephemeral' });
    expect(refused.text).toMatch(/^There is no service nosuch \(services: payments, docs\)\. Usage: \/incident declare/);
    expect(await h.store.read.incidents.byNumber(2)).toBeUndefined();
  });

  it('ack acknowledges from triggered only, stops the escalation timers and records both tries', async () => {
    await declare();
    const reply = await h.run('/incident ack INC-1', 'alice');
    expect(reply).toMatchObject({ ok: true, visibility: 'channel', incidentRef: 'INC-1', text: 'INC-1: Acknowledged by @alice' });
    expect(await h.incident(1)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'alice', acknowledgedAt: h.clock.now().toISOString() });
    expect(await h.timers()).toEqual([]);
    const again = await h.run('/incident ack INC-1', 'bob');
    expect(again).toMatchObject({ ok: false, text: 'INC-1 is already acknowledged by alice.' });
    expect(commandsOf(await h.timeline(1))).toEqual([
      { by: 'bob', text: '/incident declare Checkout is down sev2 payments', accepted: true },
      { by: 'alice', text: '/incident ack INC-1', accepted: true },
      { by: 'bob', text: '/incident ack INC-1', accepted: false },
    ]);
    const updated = await h.db.kysely.selectFrom('outbox').select(['kind', 'payload']).where('kind', '=', 'notice.incident_updated').execute();
    expect(updated.map((o) => JSON.parse(o.payload).text)).toEqual(['INC-1: Acknowledged by @alice']);
  });

  it('two people acking at once: the first wins, the second is told and both are on the timeline', async () => {
    await declare();
    const replies = await Promise.all([h.run('/incident ack INC-1', 'alice'), h.run('/incident ack INC-1', 'bob')]);
    expect(replies.map((r) => r.ok).sort()).toEqual([false, true]);
    const winner = (await h.incident(1)).acknowledgedBy;
    expect(replies.find((r) => !r.ok)?.text).toBe(`INC-1 is already acknowledged by ${winner}.`);
    expect(commandsOf(await h.timeline(1)).filter((c) => c.text === '/incident ack INC-1')).toHaveLength(2);
    expect(verifyChain(await h.timeline(1))).toMatchObject({ ok: true });
  });

  it('resolve takes a summary and cancels every timer of the incident; a second resolve is refused', async () => {
    await declare();
    const reply = await h.run('/incident resolve INC-1 rolled back v1.2');
    expect(reply).toMatchObject({ ok: true, text: 'INC-1 resolved by @alice: rolled back v1.2' });
    expect(await h.incident(1)).toMatchObject({ status: 'resolved', resolvedBy: 'alice' });
    expect(await h.timers()).toEqual([]);
    expect((await h.run('/incident resolve INC-1')).text).toBe('INC-1 is already resolved.');
    expect((await h.run('/incident ack INC-1')).text).toBe('INC-1 is resolved: nothing to acknowledge.');
  });

  it('note, sev and assign change the incident and say who did it', async () => {
    await declare();
    expect(await h.run('/incident note INC-1 cache hit rate dropped')).toMatchObject({ ok: true, text: 'Noted on INC-1 by @alice: cache hit rate dropped' });
    // Only whom Tocsin names is a mention: `@bob` typed in the note stays text.
    expect(await h.run('/incident note INC-1 ask @bob')).toMatchObject({ text: 'Noted on INC-1 by @alice: ask @bob', mentions: ['alice'] });
    expect(await h.run('/incident sev INC-1 1')).toMatchObject({ ok: true, text: 'INC-1: Severity sev2 → sev1 by @alice' });
    expect((await h.run('/incident sev INC-1 sev1')).text).toBe('INC-1 is already sev1.');
    // Slack ids in mentions (and of the one typing) map to the policy's people.
    const assigned = await h.run('/incident assign INC-1 <@UBOB|bob>', 'UALICE', { platform: 'slack' });
    expect(assigned).toMatchObject({ text: 'INC-1: @bob leads the incident (assigned by @alice)', mentions: ['bob', 'alice'] });
    const line = await h.db.kysely.selectFrom('outbox').select('payload').where('kind', '=', 'notice.incident_updated').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(line.payload)).toMatchObject({ text: 'INC-1: @bob leads the incident (assigned by @alice)', mentions: ['bob', 'alice'] });
    expect(await h.incident(1)).toMatchObject({ severity: 'sev1', assignee: 'bob' });
    expect((await h.run('/incident assign INC-1 me', 'bob')).text).toBe('@bob already leads INC-1.');
    const kinds = (await h.timeline(1)).map((e) => e.kind);
    // Made lead by someone else, bob is paged (SPEC "Paging a person": /incident assign is a page).
    expect(kinds).toEqual(['incident.opened', 'incident.paged', 'command', 'note', 'command', 'note', 'command', 'incident.severity', 'command', 'command', 'incident.assigned', 'incident.paged', 'command', 'command']);
    expect((await h.timeline(1)).find((e) => e.kind === 'note')).toMatchObject({ text: 'cache hit rate dropped', actor: { kind: 'person', id: 'alice' } });
  });

  it('escalate schedules the next step now, marked manual; without a policy it is refused', async () => {
    await declare();
    h.clock.advance(120_000);
    const reply = await h.run('/incident escalate INC-1', 'bob');
    expect(reply).toMatchObject({ ok: true, text: 'INC-1 escalated by @bob: paging the next step now.' });
    const [timer] = await h.timers();
    expect(timer).toMatchObject({ key: 'incident:1:escalate', kind: 'timer.escalation_step', due_at: h.clock.now().toISOString() });
    expect(JSON.parse(timer!.payload)).toEqual({ incidentId: (await h.incident(1)).id, manual: true });
    expect((await h.timeline(1)).some((e) => e.kind === 'incident.escalated' && e.text === 'Escalated by @bob')).toBe(true);
    await h.run('/incident declare Typo on the home page sev4 docs');
    expect((await h.run('/incident escalate INC-2')).text).toMatch(/^INC-2 has no escalation policy/);
  });

  it('status, timeline and list answer only the one who asked, with full dates and zones', async () => {
    await declare();
    h.clock.advance(3_900_000);
    await h.run('/incident ack INC-1');
    const status = await h.run('/incident status INC-1');
    expect(status).toMatchObject({ ok: true, visibility: 'ephemeral' });
    expect(status.text).toBe('INC-1 Checkout is down\nsev2 · acknowledged by alice · no lead · service payments · 0 alerts · opened Wed 2026-01-07 11:00 GMT+1 (1h5m ago)');
    const timeline = await h.run('/incident timeline INC-1');
    expect(timeline.text.split('\n')).toEqual([
      'INC-1 timeline:',
      'Wed 2026-01-07 11:00 GMT+1 · @bob · Declared by @bob: Checkout is down',
      'Wed 2026-01-07 11:00 GMT+1 · Tocsin · Paged @alice (step 1, round 1)',
      'Wed 2026-01-07 11:00 GMT+1 · @bob · /incident declare Checkout is down sev2 payments',
      'Wed 2026-01-07 12:05 GMT+1 · @alice · Acknowledged by @alice',
      'Wed 2026-01-07 12:05 GMT+1 · @alice · /incident ack INC-1',
      'Wed 2026-01-07 12:05 GMT+1 · @alice · /incident status INC-1',
    ]);
    await h.run('/incident declare Second sev4');
    await h.run('/incident resolve INC-2');
    expect((await h.run('/incident list')).text).toBe('1 open incident:\nINC-1 sev2 acknowledged by alice · Checkout is down · opened Wed 2026-01-07 11:00 GMT+1');
    expect((await h.run('/incident help')).text).toMatch(/^Incidents — .*\n\/incident declare/);
  });

  it('without INC-n the channel picks the incident; elsewhere the refusal says to name one and nothing is recorded', async () => {
    await declare();
    const incident = await h.incident(1);
    await h.store.transaction((tx) => tx.channels.save({ incidentId: incident.id, platform: 'slack', channelId: 'C1', name: 'inc-1-checkout-is-down', announcementRef: null }));
    const before = (await h.timeline(1)).length;
    const refused = await h.run('/incident ack', 'UALICE', { platform: 'slack', channelId: 'CGENERAL' });
    expect(refused).toEqual({ ok: false, visibility: 'ephemeral', text: "Which incident? /incident ack INC-n (or type it in the incident's channel)" });
    expect((await h.run('/incident ack INC-9')).text).toBe('There is no INC-9.');
    expect(await h.timeline(1)).toHaveLength(before);
    const acked = await h.run('/incident ack', 'UALICE', { platform: 'slack', channelId: 'C1' });
    expect(acked).toMatchObject({ ok: true, incidentRef: 'INC-1' });
    const entries = await h.timeline(1);
    expect(entries.length).toBe(before + 2);
    expect(entries.at(-1)).toMatchObject({ kind: 'command', actor: { kind: 'person', id: 'alice' }, data: { accepted: true, platform: 'slack', chatUser: 'UALICE' } });
  });

  it('a command that does not parse, typed in an incident channel, is answered with usage and recorded as refused', async () => {
    await declare();
    const incident = await h.incident(1);
    await h.store.transaction((tx) => tx.channels.save({ incidentId: incident.id, platform: 'teams', channelId: '19:abc@thread.tacv2', name: 'INC-1', announcementRef: null }));
    const reply = await h.run('/incident sev 7', 'aad-alice', { platform: 'teams', channelId: '19:abc@thread.tacv2' });
    expect(reply).toEqual({ ok: false, visibility: 'ephemeral', incidentRef: 'INC-1', text: '`7` is not a severity (1 to 4). Usage: /incident sev [INC-n] <1-4>' });
    const last = (await h.timeline(1)).at(-1)!;
    expect(last).toMatchObject({ kind: 'command', text: '/incident sev 7', actor: { id: 'alice' }, data: { accepted: false, reply: reply.text } });
    expect(verifyChain(await h.timeline(1))).toMatchObject({ ok: true });
  });
});
