import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationParameters, type TurnContext } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotConnector } from '../fakes/fake-bot-connector';
import { FakeClock } from '../fakes/fake-clock';

const CHANNEL = '19:dc5ba12695be4eb7bf457cad6b4709eb@thread.skype';
const clock = new FakeClock('2026-01-05T08:00:00.000Z');
const connector = new FakeBotConnector({ clock });
let serviceUrl: string;

beforeAll(async () => {
  serviceUrl = await connector.start();
});
afterAll(() => connector.stop());
beforeEach(() => connector.reset());

/** The same body TeamsInfo.sendMessageToTeamsChannel posts (payloads/teams-create-conversation-request.json). */
function newThread(text: string): ConversationParameters {
  return { isGroup: true, channelData: { channel: { id: CHANNEL } }, activity: { type: 'message', text } } as ConversationParameters;
}

describe('FakeBotConnector through botbuilder (anonymous, as with no MicrosoftAppId)', () => {
  it('opens a channel thread with createConversationAsync and replies in it', async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    let threadId = '';
    await adapter.createConversationAsync('', 'msteams', serviceUrl, '', newThread('INC-42 opened'), async (context: TurnContext) => {
      threadId = context.activity.conversation.id;
      const sent = await context.sendActivity('paging alice');
      await context.updateActivity({ ...context.activity, id: sent?.id, type: 'message', text: 'paged alice' });
    });
    const [rootId] = /\d+$/.exec(threadId) ?? [];
    expect(threadId).toBe(`${CHANNEL};messageid=${rootId}`);
    expect(serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/amer\/$/);
    const [create] = connector.callsTo('createConversation');
    expect(create.body).toMatchObject({ isGroup: true, channelData: { channel: { id: CHANNEL } }, activity: { text: 'INC-42 opened' } });
    expect(create.bearer).toBeUndefined();
    const thread = connector.activities(threadId);
    expect(thread.map((a) => a.activity.text)).toEqual(['INC-42 opened', 'paged alice']);
    expect(thread[1].updated).toBe(true);
    expect(connector.threads(CHANNEL).map((t) => t.id)).toEqual([threadId]);
    expect(rootId).toBe(String(clock.now().getTime()));
  });
});

describe('FakeBotConnector through ConnectorClient', () => {
  const client = (): ConnectorClient => new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl });

  it('decodes percent-encoded ids and serves seeded members', async () => {
    const thread = `${CHANNEL};messageid=1575667808184`;
    connector.addMembers(CHANNEL, [{ id: '29:alice', name: 'Alice', aadObjectId: 'aad-alice', email: 'alice@example.com' }]);
    const sent = await client().conversations.replyToActivity(thread, '1575667808184', { type: 'message', text: 'ack' } as never);
    expect(connector.activities(thread)[0]).toMatchObject({ id: sent.id, replyToId: '1575667808184' });
    expect(connector.calls[0].path).toContain('19%3Adc5ba');
    const members = await client().conversations.getConversationMembers(thread);
    expect(members).toEqual([expect.objectContaining({ id: '29:alice', email: 'alice@example.com' })]);
  });

  it('answers Teams error bodies, which ConnectorClient surfaces with status and code', async () => {
    connector.uninstall(CHANNEL);
    const refused = await client().conversations.sendToConversation(`${CHANNEL};messageid=1`, { type: 'message', text: 'x' } as never).catch((e: unknown) => e);
    expect(refused).toMatchObject({ statusCode: 403, code: 'BotNotInConversationRoster' });
    connector.reset();
    await expect(client().conversations.updateActivity('a:chat', '404', { type: 'message' } as never)).rejects.toMatchObject({ statusCode: 404, code: 'ActivityNotFoundInConversation' });
  });

  it('is retried by ConnectorClient on 429 with Retry-After (0 s here, to stay fast)', async () => {
    connector.failNext('sendToConversation', { retryAfter: 0 });
    await client().conversations.sendToConversation('a:chat', { type: 'message', text: 'x' } as never);
    expect(connector.callsTo('sendToConversation').map((c) => c.status)).toEqual([429, 201]);
  });

  it('can be slow or down', async () => {
    connector.failNext('getConversationMembers', { delayMs: 30 });
    const started = performance.now();
    await client().conversations.getConversationMembers('a:chat');
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    connector.down(true);
    connector.failNext('*', { error: 'ConversationNotFound' });
    // During an outage every call gets 503; faults wait until it is over.
    const response = await fetch(`${serviceUrl}v3/conversations/a%3Achat/members`);
    expect(response.status).toBe(503);
    connector.down(false);
    expect((await fetch(`${serviceUrl}v3/conversations/a%3Achat/members`)).status).toBe(404);
  });
});
