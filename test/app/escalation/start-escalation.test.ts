import { afterEach, describe, expect, it } from 'vitest';
import { runChatCommand } from '../../../src/app/commands/run-chat-command';
import { ingestAlerts } from '../../../src/app/ingest-alerts';
import type { AlertAction, IncomingAlert } from '../../../src/domain/alert/alert';
import { dialects } from '../../support/dialects';
import { escalationPolicy } from '../../support/policies';
import { at, MIN, openEngine, pagesOf, T0, type EngineHarness } from '../../support/engine-harness';

// Escalation starts in the transaction that opens the incident (startEscalation): a first step due
// at once is paged there, so the page commits with the incident and nobody waits for a timer poll;
// a first step with a delay is a timer, like every later step.

const alert = (fingerprint: string, action: AlertAction = 'trigger', groupKey = 'db'): IncomingAlert => ({ groupKey, fingerprint, action, title: `Database ${fingerprint} down`, labels: { instance: fingerprint }, details: {}, links: [] });

async function webhook(h: EngineHarness, alerts: readonly IncomingAlert[]) {
  const integration = (await h.store.read.catalog.integrations()).find((i) => i.id === 'generic')!;
  return ingestAlerts({ store: h.store, clock: h.clock }, integration, alerts);
}

const incidentNumbered = async (h: EngineHarness, number: number) => (await h.store.read.incidents.byNumber(number))!;
const kinds = async (h: EngineHarness, number: number) => (await h.timeline(await incidentNumbered(h, number))).map((e) => e.kind);
const unfired = async (h: EngineHarness) => (await h.timers()).filter((t) => t.fired_at === null).map((t) => ({ key: t.key, due: t.due_at, payload: JSON.parse(t.payload) }));

describe.each(dialects)('escalation starts with the incident on $name', (dialect) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('a webhook opening an incident whose first step is due at once commits the page with it, after every alert of the webhook', async () => {
    h = await openEngine(dialect);
    expect((await webhook(h, [alert('db-1'), alert('db-2')])).incidents.map((i) => i.outcome)).toEqual(['opened', 'added']);
    // ingestAlerts settles once the commit is durable: this is what the sender's 2xx stands for.
    const incident = await incidentNumbered(h, 1);
    const timeline = await h.timeline(incident);
    expect(timeline.map((e) => [e.kind, e.text])).toEqual([
      ['incident.opened', expect.stringMatching(/^Opened from generic alert "Database db-1 down"/)],
      ['alert.firing', 'Alert firing: Database db-1 down'],
      ['alert.firing', 'Alert firing: Database db-2 down'],
      ['incident.paged', 'Paged @alice (step 1, round 1)'],
    ]);
    expect(timeline.at(-1)).toMatchObject({ at: T0, actor: { kind: 'tocsin' }, data: { step: 0, round: 0, person: 'alice' } });
    const outbox = await h.outbox();
    expect(outbox.map((m) => m.kind)).toEqual(['notice.incident_opened', 'notice.incident_page']);
    expect(outbox[1]!.payload).toMatchObject({ step: 0, round: 0, people: [{ id: 'alice', slackId: 'U01ALICE' }], text: 'Paging @alice for INC-1 (sev3): Database db-1 down (step 1, round 1)' });
    // No step-0 timer: the next one is step 2, at its 10 minutes; the reminder counts from the page.
    expect(await unfired(h)).toEqual([
      { key: `incident:${incident.id}:escalate`, due: at(10).toISOString(), payload: { incidentId: incident.id, step: 1, round: 0 } },
      { key: `incident:${incident.id}:reminder`, due: at(30).toISOString(), payload: { incidentId: incident.id } },
    ]);
    expect(await h.scheduler.runOnce(at(0))).toMatchObject({ fired: 0, lost: 0, failed: 0 });
    h.clock.set(at(10));
    expect(await h.scheduler.runOnce(at(10))).toMatchObject({ fired: 1, failed: 0 });
    expect(pagesOf(await h.timeline(incident))).toEqual(['+0m alice', '+10m carol']);
  });

  it('a webhook that opens the incident and resolves it in the same payload pages nobody', async () => {
    h = await openEngine(dialect);
    expect((await webhook(h, [alert('db-1'), alert('db-1', 'resolve')])).incidents.map((i) => i.outcome)).toEqual(['opened', 'resolved']);
    expect(await kinds(h, 1)).toEqual(['incident.opened', 'alert.firing', 'alert.resolved', 'incident.resolved']);
    expect((await h.outbox()).map((m) => m.kind)).toEqual(['notice.incident_opened', 'notice.incident_resolved']);
    expect(await unfired(h)).toEqual([]);
  });

  it('a webhook that opens the incident and acknowledges it in the same payload pages nobody', async () => {
    h = await openEngine(dialect);
    expect((await webhook(h, [alert('db-1'), alert('db-1', 'acknowledge')])).incidents.map((i) => i.outcome)).toEqual(['opened', 'acknowledged']);
    expect(await kinds(h, 1)).toEqual(['incident.opened', 'alert.firing', 'incident.acknowledged']);
    expect(await h.outbox('notice.incident_page')).toEqual([]);
    // Acknowledged by the source like by a person (one lifecycle): no step left, the reminder for a quiet incident set.
    expect((await unfired(h)).map((t) => t.key)).toEqual(['incident:1:reminder']);
  });

  it('opened, resolved and opened again by one webhook: only the incident left open is paged, once', async () => {
    h = await openEngine(dialect);
    expect((await webhook(h, [alert('db-1'), alert('db-1', 'resolve'), alert('db-1')])).incidents.map((i) => [i.ref, i.outcome])).toEqual([
      ['INC-1', 'opened'],
      ['INC-1', 'resolved'],
      ['INC-2', 'opened'],
    ]);
    expect(await kinds(h, 1)).toEqual(['incident.opened', 'alert.firing', 'alert.resolved', 'incident.resolved']);
    expect(await kinds(h, 2)).toEqual(['incident.opened', 'alert.firing', 'incident.paged']);
    expect((await h.outbox('notice.incident_page')).map((m) => m.payload.incident.ref)).toEqual(['INC-2']);
  });

  it('a first step with a delay is a timer, as before: nothing is paged at open', async () => {
    const delayed = escalationPolicy()
      .edit((p) => void (p.escalation_policies[0].steps[0].after = '5m'))
      .yaml();
    h = await openEngine(dialect, delayed);
    await webhook(h, [alert('db-1')]);
    const incident = await incidentNumbered(h, 1);
    expect(await kinds(h, 1)).toEqual(['incident.opened', 'alert.firing']);
    expect((await h.outbox()).map((m) => m.kind)).toEqual(['notice.incident_opened']);
    expect(await unfired(h)).toEqual([{ key: `incident:${incident.id}:escalate`, due: at(5).toISOString(), payload: { incidentId: incident.id, step: 0, round: 0 } }]);
    expect(await h.scheduler.runOnce(at(0))).toMatchObject({ fired: 0 });
    h.clock.set(at(5));
    expect(await h.scheduler.runOnce(at(5))).toMatchObject({ fired: 1, failed: 0 });
    expect(pagesOf(await h.timeline(incident))).toEqual(['+5m alice']);
    expect((await h.timers()).find((t) => t.key === `incident:${incident.id}:escalate`)).toMatchObject({ due_at: at(10).toISOString(), fired_at: null });
  });

  it('/incident declare pages the first step at once too, before the command is on the timeline', async () => {
    h = await openEngine(dialect);
    const reply = await runChatCommand({ store: h.store, clock: h.clock }, '/incident declare Checkout is down sev2 payments', { actor: 'bob', platform: 'cli' });
    expect(reply).toMatchObject({ ok: true, incidentRef: 'INC-1' });
    const incident = await incidentNumbered(h, 1);
    expect((await h.timeline(incident)).map((e) => [e.kind, e.actor.id, e.text])).toEqual([
      ['incident.opened', 'bob', 'Declared by @bob: Checkout is down'],
      ['incident.paged', 'tocsin', 'Paged @alice (step 1, round 1)'],
      ['command', 'bob', '/incident declare Checkout is down sev2 payments'],
    ]);
    expect((await h.outbox()).map((m) => [m.kind, m.platform, (Date.parse(m.createdAt) - Date.parse(T0)) / MIN])).toEqual([
      ['notice.incident_opened', 'slack', 0],
      ['notice.incident_page', 'slack', 0],
    ]);
    expect((await unfired(h)).map((t) => [t.key, t.due])).toEqual([
      [`incident:${incident.id}:escalate`, at(10).toISOString()],
      [`incident:${incident.id}:reminder`, at(30).toISOString()],
    ]);
    expect(await h.scheduler.runOnce(at(0))).toMatchObject({ fired: 0 });
  });
});
