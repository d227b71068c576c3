import { afterEach, describe, expect, it } from 'vitest';
import { cardActionCommand } from '../../../src/adapters/teams/card-actions';
import { commandOfAction } from '../../../src/adapters/slack/incident-actions';
import { runChatCommand } from '../../../src/app/commands/run-chat-command';
import { ingestAlerts } from '../../../src/app/ingest-alerts';
import type { IncidentDetails } from '../../../src/app/ports/store';
import { dialects } from '../../support/dialects';
import { MIN, openEngine, type EngineHarness } from '../../support/engine-harness';

// One acknowledgement for every path (src/app/incident-lifecycle/acknowledge.ts): a typed command,
// a Slack button, a Teams card action and a webhook's acknowledge event leave the same record —
// the timeline entry, the escalation timer cancelled, the reminder set, the channels updated.
// Before, the webhook path had its own copy that set no reminder and worded the update otherwise.

type Source = { readonly name: string; ack(h: EngineHarness, incident: IncidentDetails): Promise<unknown>; readonly actor: string };

const asAlice = (h: EngineHarness, text: string) => runChatCommand({ store: h.store, clock: h.clock }, text, { actor: 'alice', platform: 'cli' });

const SOURCES: readonly Source[] = [
  { name: 'a typed command', actor: '@alice', ack: (h, i) => asAlice(h, `/incident ack INC-${i.number}`) },
  { name: 'a Slack button', actor: '@alice', ack: (h, i) => asAlice(h, commandOfAction('tocsin.ack', `INC-${i.number}`)!) },
  { name: 'a Teams card action', actor: '@alice', ack: (h, i) => asAlice(h, cardActionCommand({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'incident.ack', data: { incident: `INC-${i.number}` } } } })!) },
  {
    name: 'a webhook acknowledge event',
    actor: 'the source generic',
    ack: async (h, i) => {
      const integration = (await h.store.read.catalog.integrations()).find((x) => x.id === 'generic')!;
      return ingestAlerts({ store: h.store, clock: h.clock }, integration, [{ groupKey: i.dedupKey!.replace(/^generic\//, ''), fingerprint: 'x', action: 'acknowledge', title: '', labels: {}, details: {}, links: [] }]);
    },
  },
];

describe.each(dialects)('every path acknowledges the same way on $name', (dialect) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it.each(SOURCES)('$name', async (source) => {
    h = await openEngine(dialect);
    const integration = (await h.store.read.catalog.integrations()).find((x) => x.id === 'generic')!;
    await ingestAlerts({ store: h.store, clock: h.clock }, integration, [{ groupKey: 'db', fingerprint: 'db-1', action: 'trigger', title: 'Database down', labels: {}, details: {}, links: [] }]);
    const incident = (await h.store.read.incidents.byNumber(1))!;
    h.clock.advance(3 * MIN);
    const outboxBefore = (await h.outbox()).length;
    await source.ack(h, incident);

    const after = (await h.store.read.incidents.byNumber(1))!;
    expect(after.status).toBe('acknowledged');
    const entry = (await h.timeline(after)).filter((e) => e.kind === 'incident.acknowledged');
    expect(entry.map((e) => e.text)).toEqual([`Acknowledged by ${source.actor}`]);
    const timers = (await h.timers()).filter((t) => t.fired_at === null).map((t) => [t.key, t.due_at]);
    // The next step's timer is gone; the reminder set by the first page stays (it looks at the
    // incident's last activity each time it fires, so it need not move).
    expect(timers).toEqual([['incident:1:reminder', '2026-01-07T10:30:00.000Z']]);
    const updates = (await h.outbox()).slice(outboxBefore).map((m) => [m.kind, m.payload.text]);
    expect(updates).toEqual([['notice.incident_updated', `INC-1: Acknowledged by ${source.actor}`]]);
  });
});

describe.each(dialects)('reopening on $name', (dialect) => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('puts a resolved incident back to triggered, keeps its channel and pages again now', async () => {
    h = await openEngine(dialect);
    const { reopen } = await import('../../../src/app/incident-lifecycle/change-incident');
    await asAlice(h, '/incident declare Checkout down sev2 payments');
    await asAlice(h, '/incident resolve INC-1 false alarm');
    const resolved = (await h.store.read.incidents.byNumber(1))!;
    const by = { actor: { kind: 'person' as const, id: 'bob' } };
    const result = await h.store.transaction((tx) => reopen(tx, resolved, by, h!.clock.now()));
    expect(result).toMatchObject({ ok: true, line: 'INC-1: Reopened by @bob' });
    expect(await h.store.read.incidents.byNumber(1)).toMatchObject({ status: 'triggered', acknowledgedBy: null, resolvedAt: null, resolvedBy: null });
    const timers = (await h.timers()).filter((t) => t.fired_at === null).map((t) => [t.key, JSON.parse(t.payload).manual ?? false]);
    expect(timers).toEqual([['incident:1:escalate', true]]);
    const again = await h.store.transaction(async (tx) => reopen(tx, (await tx.incidents.byNumber(1))!, by, h!.clock.now()));
    expect(again).toEqual({ ok: false, reason: 'INC-1 is not resolved: nothing to reopen.' });
  });
});
