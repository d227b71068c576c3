import { afterEach, describe, expect, it } from 'vitest';
import { assign } from '../../../src/app/incident-lifecycle/change-incident';
import { resolve } from '../../../src/app/incident-lifecycle/resolve';
import { openIncident } from '../../../src/app/open-incident';
import type { IncidentDetails } from '../../../src/app/ports/store';
import { dialects } from '../../support/dialects';
import { openEngine, T0, type EngineHarness } from '../../support/engine-harness';
import { ALICE_PHONE, PAGING_POLICY } from '../../support/paging-policy';

const sec = (s: number) => new Date(Date.parse(T0) + s * 1000);
const T0_MS = Date.parse(T0);

describe.each(dialects)('personal notification rules on $name', (dialect) => {
  let h: EngineHarness;
  afterEach(() => h?.cleanup());

  const tick = async (s: number) => {
    h.clock.set(sec(s));
    await h.scheduler.runOnce(sec(s));
  };
  const notifications = async () => (await h.outbox('notice.person_notification')).map((r) => ({ platform: r.platform, person: r.payload.person.id, id: r.payload.notificationId as string }));
  const saying = async (incident: IncidentDetails, word: RegExp) => (await h.timeline(incident)).filter((e) => word.test(e.text)).map((e) => e.text);
  const ruleTimers = async () => (await h.timers()).filter((t) => t.kind === 'timer.notify_rule' && t.fired_at === null).map((t) => `${t.key} @${(Date.parse(t.due_at) - T0_MS) / 1000}s`);

  it('starts alice\'s rules when she is paged: push at once, SMS at +2 s, a call at +4 s; acknowledging at +3 s cancels the call', async () => {
    h = await openEngine(dialect, PAGING_POLICY);
    const incident = await h.open();
    // Her 0s chat rule is the page's own chat notice: no timer for it.
    expect(await ruleTimers()).toEqual([`incident:${incident.id}:notify:alice:2 @0s`, `incident:${incident.id}:notify:alice:3 @2s`, `incident:${incident.id}:notify:alice:4 @4s`]);
    expect((await h.outbox('notice.incident_page')).map((r) => r.payload.text)).toEqual(['Paging @alice for INC-1 (sev2): Payments API 5xx (step 1, round 1)']);

    await tick(0);
    const [push] = await h.outbox('notice.person_notification');
    expect(push).toMatchObject({ platform: 'push', payload: { channel: 'push', notificationId: `${incident.id}:alice:${T0_MS}:2`, test: false, incident: { id: incident.id, ref: 'INC-1', number: 1, title: 'Payments API 5xx', severity: 'sev2', service: 'payments' }, person: { id: 'alice', name: 'Alice', email: 'alice@example.com', phone: ALICE_PHONE, ntfy: 'alice-pager-7f3c9b' }, incidentUrl: 'https://tocsin.example.com/incidents/INC-1' } });
    expect(push!.payload.ackUrl).toMatch(/^https:\/\/tocsin\.example\.com\/ack\/[A-Za-z0-9_-]{43}$/);
    await tick(1);
    expect(await notifications()).toHaveLength(1);
    await tick(2);
    const sms = (await h.outbox('notice.person_notification'))[1]!;
    expect(sms).toMatchObject({ platform: 'sms', payload: { channel: 'sms', notificationId: `${incident.id}:alice:${T0_MS}:3` } });
    expect(sms.payload).not.toHaveProperty('ackUrl');

    h.clock.set(sec(3));
    await h.acknowledge(incident, 'alice');
    expect(await ruleTimers()).toEqual([]);
    await tick(5);
    await tick(60);
    expect((await notifications()).map((n) => n.platform)).toEqual(['push', 'sms']);
    expect(await saying(incident, /^Notifying/)).toEqual(['Notifying @alice by push (rule 2)', 'Notifying @alice by SMS (rule 3)']);
  });

  it('resolving cancels the rules still pending', async () => {
    h = await openEngine(dialect, PAGING_POLICY);
    const incident = await h.open();
    await tick(0);
    h.clock.set(sec(1));
    await h.store.transaction(async (tx) => resolve(tx, (await tx.incidents.byId(incident.id))!, { actor: { kind: 'person', id: 'bob' } }, sec(1)));
    expect(await ruleTimers()).toEqual([]);
    await tick(10);
    expect((await notifications()).map((n) => n.platform)).toEqual(['push']);
  });

  it('a later round pages alice again and restarts her rules; carol\'s rules say what they could not do', async () => {
    h = await openEngine(dialect, PAGING_POLICY);
    const incident = await h.open();
    for (const s of [0, 2, 4, 600, 630, 660, 1200, 1800, 1802, 1804]) await tick(s);
    const round2 = T0_MS + 1_800_000;
    expect(await notifications()).toEqual([
      { platform: 'push', person: 'alice', id: `${incident.id}:alice:${T0_MS}:2` },
      { platform: 'sms', person: 'alice', id: `${incident.id}:alice:${T0_MS}:3` },
      { platform: 'voice', person: 'alice', id: `${incident.id}:alice:${T0_MS}:4` },
      { platform: 'email', person: 'carol', id: `${incident.id}:carol:${T0_MS + 600_000}:3` },
      { platform: 'push', person: 'alice', id: `${incident.id}:alice:${round2}:2` },
      { platform: 'sms', person: 'alice', id: `${incident.id}:alice:${round2}:3` },
      { platform: 'voice', person: 'alice', id: `${incident.id}:alice:${round2}:4` },
    ]);
    // Carol's 30 s chat rule mentions and messages her again; her SMS rule has no phone to go to.
    expect((await h.outbox('notice.incident_page')).map((r) => r.payload.text)).toContain('Still paging @carol for INC-1 (sev2): Payments API 5xx (rule 2, 30s after the page)');
    expect(await saying(incident, /^(Notifying|Cannot notify) @carol/)).toEqual(['Notifying @carol in chat (rule 2)', 'Notifying @carol by email (rule 3)', 'Cannot notify @carol by SMS (rule 4): no phone']);
  });

  it('a sev1 runs notify_urgent instead', async () => {
    h = await openEngine(dialect, PAGING_POLICY);
    const incident = await h.store.transaction((tx) => openIncident(tx, { title: 'Checkout down', severity: 'sev1', serviceId: 'payments', dedupKey: 'k1', integrationId: 'generic', actor: { kind: 'source', id: 'generic' }, now: sec(0), openedText: 'Checkout down' }));
    expect(await ruleTimers()).toEqual([`incident:${incident.id}:notify:alice:1 @0s`, `incident:${incident.id}:notify:alice:2 @1s`]);
  });

  it('/incident assign pages the new lead (their rules start), not someone taking the lead themself', async () => {
    h = await openEngine(dialect, PAGING_POLICY);
    const incident = await h.open();
    const byAlice = { actor: { kind: 'person' as const, id: 'alice' } };
    await h.store.transaction(async (tx) => assign(tx, (await tx.incidents.byId(incident.id))!, 'alice', byAlice, sec(1)));
    expect((await ruleTimers()).filter((t) => t.includes('alice:2'))).toEqual([`incident:${incident.id}:notify:alice:2 @0s`]);
    await h.store.transaction(async (tx) => assign(tx, (await tx.incidents.byId(incident.id))!, 'carol', byAlice, sec(1)));
    expect((await ruleTimers()).filter((t) => t.includes('carol'))).toEqual([`incident:${incident.id}:notify:carol:2 @31s`, `incident:${incident.id}:notify:carol:3 @61s`, `incident:${incident.id}:notify:carol:4 @61s`]);
    expect((await h.outbox('notice.incident_page')).map((r) => r.payload.text).at(-1)).toBe('Paging @carol for INC-1 (sev2): Payments API 5xx (assigned as lead by @alice)');
    expect(await saying(incident, /^Paged @carol/)).toEqual(['Paged @carol (assigned as lead by @alice)']);
  });
});
