import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { graphChannels } from '../../../src/adapters/teams/graph-channels';
import { teamsDeliverer } from '../../../src/adapters/teams/teams-deliverer';
import { teamsPoster, type TeamsPoster } from '../../../src/adapters/teams/teams-poster';
import { teamsState, type TeamsState } from '../../../src/adapters/teams/teams-state';
import { chatRefsRepo } from '../../../src/adapters/db/chat-refs-repo';
import { processedEventsRepo } from '../../../src/adapters/db/processed-events-repo';
import { sqlStore } from '../../../src/adapters/db/sql-store';
import { incidentView } from '../../../src/app/chat-notices';
import type { PendingMessage } from '../../../src/app/ports/outbox';
import type { Store } from '../../../src/app/ports/store';
import { FakeBotConnector } from '../../fakes/fake-bot-connector';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeGraph } from '../../fakes/fake-graph';
import { dialects } from '../../support/dialects';

const TEAM = '19:ops-general@thread.tacv2';
const GROUP = 'c0ffee00-0000-4000-8000-00000000c0de';
const CHANNEL = '19:payments@thread.tacv2';
const target = { platform: 'teams', team: TEAM, channel: CHANNEL };
const alice = { id: 'alice', name: 'Alice', teamsId: 'aad-alice' };

const clock = new FakeClock('2026-01-05T09:30:00.000Z');
const connector = new FakeBotConnector({ clock });
const graph = new FakeGraph({ clock });
beforeAll(async () => {
  await connector.start();
  await graph.start();
});
afterAll(async () => {
  await connector.stop();
  await graph.stop();
});

/** Fails the n-th openThread once with a throttling answer, as a 429 that outlasted ConnectorClient's own retries. */
function flaky(poster: TeamsPoster, failAt: number): TeamsPoster {
  let calls = 0;
  return {
    ...poster,
    openThread: async (...args) => {
      if (++calls === failAt) throw Object.assign(new Error('Too many requests.'), { statusCode: 429, code: 'Throttled', response: { headers: { get: () => '3' } } });
      return poster.openThread(...args);
    },
  };
}

describe.each(dialects)('Teams deliverer on $name', (dialect) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    connector.reset();
    graph.reset();
  });

  async function setup(options: { anonymous?: boolean; failAt?: number; installed?: boolean } = {}) {
    const h = await dialect.open();
    cleanup = h.cleanup;
    const store: Store = sqlStore(h.db, clock);
    const state: TeamsState = teamsState(chatRefsRepo(h.db.kysely, () => clock.now().toISOString()), processedEventsRepo(h.db.kysely), clock);
    if (options.installed !== false) {
      await state.put(`team:${TEAM}`, { teamId: TEAM, name: 'Ops', aadGroupId: GROUP, tenantId: 'tenant', serviceUrl: connector.serviceUrl, bot: { id: '28:bot' } });
    }
    const real = teamsPoster(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '');
    const poster = options.failAt ? flaky(real, options.failAt) : real;
    const graphClient = graphChannels({ baseUrl: graph.baseUrl, token: async () => ({ ok: true, token: 'graph-token' }) });
    const deliverer = teamsDeliverer({ poster, graph: graphClient, state, store, clock, log: pino({ level: 'silent' }), anonymous: options.anonymous ?? false, graphAttempts: 3, env: {} });
    const incident = await store.transaction((tx) => tx.incidents.create({ title: 'Orders DB down', severity: 'sev1', serviceId: 'payments', dedupKey: 'k', integrationId: null, escalationPolicy: null, createdAt: clock.now().toISOString() }));
    let id = 0;
    const message = (kind: string, extra: Record<string, unknown> = {}, attempts = 0): PendingMessage => ({
      id: ++id,
      platform: 'teams',
      priority: 0,
      orderingKey: `teams:incident:${incident.id}`,
      kind,
      payload: { incident: incidentView(incident), target, oncall: [alice], links: [], ...extra },
      attempts,
      createdAt: clock.now().toISOString(),
    });
    return { store, state, deliverer, incident, message };
  }

  it('never posts a card twice: a retry after a partial failure reuses the channel and skips the card already posted', async () => {
    const { deliverer, message, store, incident } = await setup({ failAt: 2 });
    const opened = message('notice.incident_opened');
    expect(await deliverer.deliver(opened)).toEqual({ kind: 'retry', error: expect.stringMatching(/429 Throttled/), afterMs: 3000 });
    const again = await deliverer.deliver({ ...opened, attempts: 1 });
    expect(again).toMatchObject({ kind: 'delivered', result: { mode: 'channel' } });
    expect(graph.channels(GROUP)).toHaveLength(1);
    // The channel the first attempt made is remembered: Graph is not asked again.
    expect(graph.callsTo('createChannel')).toHaveLength(1);
    expect(graph.callsTo('listChannels')).toHaveLength(0);
    expect(connector.threads(graph.channels(GROUP)[0]!.id)).toHaveLength(1);
    expect(connector.threads(CHANNEL)).toHaveLength(1);
    // Delivered again (a lease that ran out): nothing new is posted.
    expect(await deliverer.deliver({ ...opened, attempts: 2 })).toMatchObject({ kind: 'delivered', result: { redelivered: true } });
    expect(connector.callsTo('createConversation')).toHaveLength(2);
    expect((await store.read.channels.forIncident(incident.id)).map((l) => l.name)).toEqual(['inc-1-orders-db-down']);
  });

  it('gives an incident opened during a storm a thread in the service channel, not a Graph channel of its own', async () => {
    const { deliverer, message, store, incident } = await setup();
    expect(await deliverer.deliver(message('notice.incident_opened', { inStorm: true }))).toMatchObject({ kind: 'delivered', result: { mode: 'thread' } });
    expect(graph.callsTo('createChannel')).toHaveLength(0);
    expect(connector.threads(CHANNEL)).toHaveLength(1);
    const said = (await store.read.timeline.list(incident.id)).map((e) => e.text).join('\n');
    expect(said).toMatch(/alert storm/);
  });

  it('fails for good, on the timeline, when the bot is not installed in the team (app id set)', async () => {
    const { deliverer, message, store, incident } = await setup({ installed: false });
    expect(await deliverer.deliver(message('notice.incident_opened'))).toEqual({ kind: 'failed', error: expect.stringMatching(/not installed in Teams team 19:ops-general/) });
    expect((await store.read.timeline.list(incident.id)).map((e) => e.kind)).toEqual(['chat.failed']);
  });

  it('fails for good when Teams says the bot is no longer in the channel', async () => {
    const { deliverer, message } = await setup();
    graph.forbid(true);
    connector.uninstall(CHANNEL);
    expect(await deliverer.deliver(message('notice.incident_opened'))).toEqual({ kind: 'failed', error: expect.stringMatching(/403 BotNotInConversationRoster/) });
  });

  it('still says the change in the thread when the card to update was deleted', async () => {
    const { deliverer, message, incident } = await setup();
    graph.forbid(true);
    await deliverer.deliver(message('notice.incident_opened'));
    const [thread] = connector.threads(CHANNEL);
    await fetch(`${connector.serviceUrl}v3/conversations/${encodeURIComponent(thread!.id)}/activities/${thread!.activities[0]!.id}`, { method: 'DELETE' });
    const updated = message('notice.incident_updated', { incident: { ...incidentView(incident), status: 'acknowledged', acknowledgedBy: 'alice' }, text: 'INC-1: Acknowledged by @alice' });
    expect(await deliverer.deliver(updated)).toEqual({ kind: 'delivered' });
    expect(connector.activities(thread!.id).at(-1)!.activity.text).toBe('INC-1: Acknowledged by @alice');
    // A retried row does not say the line twice.
    await deliverer.deliver({ ...updated, attempts: 1 });
    expect(connector.activities(thread!.id).filter((a) => a.activity.text === 'INC-1: Acknowledged by @alice')).toHaveLength(1);
  });

  it('pages in the thread with a mention, and directly in the personal chat it knows', async () => {
    const { deliverer, message, state } = await setup();
    graph.forbid(true);
    await deliverer.deliver(message('notice.incident_opened'));
    await state.put('user:aad-alice', { serviceUrl: connector.serviceUrl, conversation: { id: 'a:alice-personal' } });
    const text = 'Paging @alice for INC-1 (sev1): Orders DB down (step 1, round 1)';
    expect(await deliverer.deliver(message('notice.incident_page', { people: [alice], text }))).toEqual({ kind: 'delivered' });
    const [thread] = connector.threads(CHANNEL);
    expect(connector.activities(thread!.id).at(-1)!.activity).toMatchObject({ text: `<at>Alice</at>: ${text}`, entities: [{ type: 'mention', mentioned: { id: 'aad-alice' } }] });
    expect(connector.activities('a:alice-personal').map((a) => a.activity.text)).toEqual([text]);
  });

  it('posts summaries to a channel, and handoff notices to the personal chats it knows', async () => {
    const { deliverer, message, state, store } = await setup();
    // The channel is in no team Tocsin knows by id: the team a service names shows the way in.
    await store.transaction((tx) => tx.policy.upsertObject('service', 'payments', 0, { id: 'payments', autoResolve: true, captureMessages: 'none', chat: [target] }));
    const post = { ...message('notice.channel_post'), payload: { channel: { platform: 'teams', id: '19:oncall@thread.tacv2' }, text: 'On call this week: @alice' } };
    expect(await deliverer.deliver(post)).toMatchObject({ kind: 'delivered' });
    expect(connector.threads('19:oncall@thread.tacv2').map((t) => t.activities[0]!.activity.text)).toEqual(['On call this week: @alice']);
    // A summary: its title and sections in bold, what it quotes (an incident's title) escaped.
    const sections = [{ title: 'Last week', lines: ['Longest: INC-4 [Acknowledge here](https://evil.example), 2h'] }];
    const summary = { ...message('notice.channel_post'), payload: { channel: { platform: 'teams', id: '19:summary@thread.tacv2' }, text: 'x', title: 'On-call summary', sections } };
    expect(await deliverer.deliver(summary)).toMatchObject({ kind: 'delivered' });
    expect(connector.threads('19:summary@thread.tacv2')[0]!.activities[0]!.activity.text).toBe('**On-call summary**\n\n**Last week**\nLongest: INC-4 \\[Acknowledge here\\](https://evil.example), 2h');
    const notice = (person: Record<string, unknown>) => ({ ...message('notice.person_message'), payload: { person, text: 'You are on call from Monday 09:00' } });
    expect(await deliverer.deliver(notice(alice))).toEqual({ kind: 'delivered', result: { skipped: 'no personal chat' } });
    await state.put('user:aad-alice', { serviceUrl: connector.serviceUrl, conversation: { id: 'a:alice-personal' } });
    expect(await deliverer.deliver(notice(alice))).toMatchObject({ kind: 'delivered', result: { activityId: expect.any(String) } });
    expect(connector.activities('a:alice-personal').map((a) => a.activity.text)).toEqual(['You are on call from Monday 09:00']);
  });

  it('refuses payloads it cannot read and kinds it does not deliver', async () => {
    const { deliverer, message } = await setup();
    expect(await deliverer.deliver({ ...message('notice.incident_opened'), payload: { target } })).toMatchObject({ kind: 'failed', error: expect.stringMatching(/unreadable notice.incident_opened payload: incident/) });
    expect(await deliverer.deliver(message('incident.archived'))).toMatchObject({ kind: 'failed', error: expect.stringMatching(/unknown notice kind incident.archived$/) });
    expect(await deliverer.deliver(message('notice.incident_archive'))).toMatchObject({ kind: 'failed', error: 'Teams does not deliver notice.incident_archive messages' });
  });
});
