import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_FRAMEWORK_SCOPE, GRAPH_SCOPE } from '../fakes/fake-microsoft-login';
import { answerToPartialUpload } from '../support/http-test-client';
import { EMULATOR_ISSUER } from '../fakes/bot-framework-issuer';
import { cardOf, factsOf, GROUP, SERVICE_CHANNEL, TENANT, TeamsHarness } from '../support/teams-harness';

// The whole bot with an app id: inbound activities carry RS256 channel tokens that botbuilder
// validates against a local OpenID issuer; outbound Bot Connector and Graph calls carry app tokens
// from the fake Microsoft login (client credentials through MSAL).
const APP_ID = '5e1f4a2b-0c3d-4e5f-8a9b-00000000a001';
// Every refusal here is meant to be a 401: the limit on failed authentications has its own test (auth-failure-limit).
const h = new TeamsHarness({ appId: APP_ID, env: { AUTH_FAILURE_LIMIT: '0' } });
const UNAUTHORIZED = { error: 'unauthorized', message: 'missing or invalid Bot Framework token' };

beforeAll(async () => {
  await h.start();
});
afterAll(() => h.stop());

describe('Teams with an app id', () => {
  it('refuses requests without a valid Bot Framework token (401) and does nothing', async () => {
    const install = h.installActivity();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const refusals = [
      await h.post(install, false),
      await h.post(install, 'Bearer not-a-jwt'),
      await h.post(install, `Bearer ${h.issuer.token(APP_ID, h.serviceUrl, { signWith: other })}`),
      await h.post(install, `Bearer ${h.issuer.token('another-bot', h.serviceUrl)}`),
      await h.post(install, `Bearer ${h.issuer.token(APP_ID, 'https://smba.trafficmanager.net/evil/')}`),
      await h.post(h.say(SERVICE_CHANNEL, 'incident declare Fake outage'), false),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(refusals.every((r) => JSON.stringify(r.body) === JSON.stringify(UNAUTHORIZED))).toBe(true);
    expect(await h.chatRefs()).toEqual([]);
    expect(await h.incident(1)).toBeUndefined();
    expect(h.connector.calls).toEqual([]);
    expect(h.logs.some((l) => /checks Bot Framework tokens/.test(l.msg))).toBe(true);
  });

  it('answers a bogus token 401 with a plain body, whatever the library made of it; the detail goes to the log', async () => {
    const install = h.installActivity();
    const emulator = h.issuer.token(APP_ID, h.serviceUrl, { claims: { iss: EMULATOR_ISSUER, ver: '1.0', appid: APP_ID } });
    const refusals = [
      // botbuilder fetches the Emulator's keys, which cannot be reached: that was a 500 carrying the fetch error.
      await h.post(install, `Bearer ${emulator}`),
      // The audience is echoed back in botbuilder's message.
      await h.post(install, `Bearer ${h.issuer.token('attacker-chosen-audience', h.serviceUrl)}`),
      await h.post(install, `Bearer ${h.issuer.token(APP_ID, h.serviceUrl, { signWith: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })}`),
    ];
    expect(refusals.map((r) => [r.status, r.body])).toEqual(Array(3).fill([401, UNAUTHORIZED]));
    const details = h.logs.filter((l) => l.msg === 'Teams: /api/messages refused a request').map((l) => String(l.detail));
    expect(details.join('\n')).toMatch(/ECONNREFUSED/);
    expect(details.join('\n')).toMatch(/attacker-chosen-audience/);
    expect(details.join('\n')).toMatch(/invalid signature/);
    expect(await h.chatRefs()).toEqual([]);
  });

  it('refuses a valid token for another serviceUrl after reading the activity, with the same plain 401', async () => {
    const answer = await h.post(h.installActivity(), `Bearer ${h.issuer.token(APP_ID, 'https://smba.trafficmanager.net/evil/')}`);
    expect([answer.status, answer.body]).toEqual([401, UNAUTHORIZED]);
  });

  it('checks the token before reading the body: a 1 MiB activity with a bad token is answered before it is sent', async () => {
    const start = Buffer.from(JSON.stringify(h.installActivity()).slice(0, -1) + ',"padding":"');
    for (const authorization of ['Bearer not-a-jwt', `Bearer ${h.issuer.token('another-bot', h.serviceUrl)}`, undefined]) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) };
      const answer = await answerToPartialUpload(h.port, { path: '/api/messages', headers, firstBytes: start, declaredBytes: 1024 * 1024 });
      expect([answer.status, answer.body]).toEqual([401, UNAUTHORIZED]);
    }
  });

  it('takes the same install with a valid token', async () => {
    expect((await h.post(h.installActivity())).status).toBe(200);
    expect((await h.chatRefs()).map((r) => r.key)).toEqual([`group:${GROUP}`, 'team:19:ops-general@thread.tacv2']);
  });

  it('opens a channel for the incident through Graph and posts the card there and in the service channel', async () => {
    await h.alert('db-1', 'Orders database down');
    await h.deliver();
    const [channel] = h.graph.channels(GROUP);
    expect(channel).toMatchObject({ displayName: 'inc-1-orders-database-down', membershipType: 'standard', description: 'INC-1: Orders database down' });
    expect(h.login.callsTo('token').map((c) => (c.body as { scope: string }).scope)).toEqual(expect.arrayContaining([GRAPH_SCOPE, BOT_FRAMEWORK_SCOPE]));
    expect(h.login.callsTo('token').every((c) => c.path === `/${TENANT}/oauth2/v2.0/token`)).toBe(true);
    const [inChannel] = h.connector.threads(channel!.id);
    const [inService] = h.connector.threads(SERVICE_CHANNEL);
    expect(h.connector.callsTo('createConversation').every((c) => c.status === 201 && h.login.verify(c.bearer, BOT_FRAMEWORK_SCOPE))).toBe(true);
    const card = inChannel!.activities[0]!.activity as Record<string, any>;
    expect(card.text).toBe('<at>Alice Example</at>: INC-1 triggered: Orders database down');
    expect(cardOf(card).msteams.entities[0].mentioned.id).toBe('7faf8ab2-3d56-4244-b585-20c8a42ed2b8');
    const pointer = inService!.activities[0]!.activity as Record<string, any>;
    expect(cardOf(pointer).body.map((b: { text?: string }) => b.text)).toContain(`Incident channel: [inc-1-orders-database-down](${channel!.webUrl})`);
    expect((await h.timeline(1)).find((e) => e.kind === 'chat.channel')?.text).toBe('Teams channel inc-1-orders-database-down opened in team Ops');
  });

  it('runs a command posted in the incident channel on its incident, and updates both cards', async () => {
    const [channel] = h.graph.channels(GROUP);
    const post = `${channel!.id};messageid=1767606000000`;
    expect((await h.post(h.say(post, 'incident ack'))).status).toBe(200);
    expect(h.sent(post).at(-1)!.text).toBe('INC-1: Acknowledged by @alice');
    await h.deliver();
    const cards = [h.connector.threads(channel!.id)[0]!, h.connector.threads(SERVICE_CHANNEL)[0]!].map((t) => t.activities[0]!);
    expect(cards.map((c) => c.updated)).toEqual([true, true]);
    expect(cards.map((c) => factsOf(c.activity).Status)).toEqual(['Acknowledged by alice', 'Acknowledged by alice']);
    expect(h.connector.callsTo('updateActivity').every((c) => c.status === 200 && h.login.verify(c.bearer, BOT_FRAMEWORK_SCOPE))).toBe(true);
  });

  it('falls back to a thread in the service channel when Graph refuses (403), and says so on the timeline', async () => {
    h.graph.forbid(true);
    await h.alert('db-2', 'Replica lag');
    await h.deliver();
    h.graph.forbid(false);
    expect(h.graph.channels(GROUP)).toHaveLength(1);
    const thread = h.connector.threads(SERVICE_CHANNEL).find((t) => (t.activities[0]!.activity.text as string).includes('INC-2'));
    expect(factsOf(thread!.activities[0]!.activity)).toMatchObject({ Status: 'Triggered' });
    expect((await h.timeline(2)).find((e) => e.kind === 'chat.fallback')?.text).toMatch(/^Teams: no channel could be created \(Graph answered 403 Forbidden: Missing role permissions.*\); the incident lives in a new thread in the service channel$/);
  });

  it('gives Graph a few tries when it throttles, honouring Retry-After, then falls back', async () => {
    h.graph.failNext('createChannel', { retryAfter: 30, times: 3 });
    await h.alert('db-3', 'Disk full');
    await h.deliver();
    const [row] = (await h.outbox()).filter((r) => r.kind === 'notice.incident_opened' && r.delivered_at === null);
    expect(row).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/Graph answered 429/) });
    expect(Date.parse(row!.available_at) - h.clock.now().getTime()).toBeGreaterThanOrEqual(30_000);
    h.clock.advance(31_500);
    await h.deliver();
    h.clock.advance(31_500);
    await h.deliver();
    expect(h.graph.callsTo('createChannel').slice(-3).map((c) => c.status)).toEqual([429, 429, 429]);
    expect((await h.timeline(3)).find((e) => e.kind === 'chat.fallback')?.text).toMatch(/Graph answered 429/);
  });

  it('retries a throttled Bot Connector post later and posts the card once', async () => {
    // ConnectorClient retries a 429 itself a few times first; Retry-After 0 keeps that fast.
    h.connector.failNext('createConversation', { retryAfter: 0, times: 10 });
    await h.alert('db-4', 'Queue backlog');
    await h.deliver();
    const [row] = (await h.outbox()).filter((r) => r.kind === 'notice.incident_opened' && r.delivered_at === null);
    expect(row).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/429 Throttled/) });
    h.connector.reset();
    h.clock.advance(2_000);
    await h.deliver();
    const channel = h.graph.channels(GROUP).find((c) => c.displayName.startsWith('inc-4-'));
    expect(h.connector.threads(channel!.id)).toHaveLength(1);
    expect(h.connector.threads(SERVICE_CHANNEL)).toHaveLength(1);
    expect((await h.outbox()).every((r) => r.delivered_at !== null)).toBe(true);
  });
});
