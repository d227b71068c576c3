import type { Activity, CloudAdapter, ConversationParameters, ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/** A conversation Tocsin posts to: a thread (`<channel id>;messageid=<root id>`) or a chat. */
export interface ConversationAt {
  readonly serviceUrl: string;
  readonly conversationId: string;
  readonly tenantId?: string;
}

/** Proactive Bot Connector calls, made through the CloudAdapter so tokens and serviceUrl trust are botbuilder's. */
export interface TeamsPoster {
  /** `POST /v3/conversations` with `channelData.channel`: a new thread in a channel, opened by `activity`. */
  openThread(at: { readonly serviceUrl: string; readonly tenantId?: string }, channelId: string, activity: Partial<Activity>): Promise<{ conversationId: string; activityId: string }>;
  /** `POST /v3/conversations/{id}/activities`. */
  send(at: ConversationAt, activity: Partial<Activity>): Promise<string | undefined>;
  /** `PUT /v3/conversations/{id}/activities/{activityId}`: the card changes in place. */
  update(at: ConversationAt, activityId: string, activity: Partial<Activity>): Promise<void>;
}

/** The root message of a channel thread, from the conversation id Teams gives the thread. */
export function rootActivityId(conversationId: string): string | undefined {
  return /;messageid=(\d+)$/.exec(conversationId)?.[1];
}

// The connector factory falls back to the configured OAuth scope when no audience is given
// (ConnectorFactoryImpl.create), which is the right one for every cloud.
const DEFAULT_AUDIENCE = undefined as unknown as string;

export function teamsPoster(adapter: CloudAdapter, appId: string): TeamsPoster {
  const reference = (at: ConversationAt): Partial<ConversationReference> => ({
    channelId: 'msteams',
    serviceUrl: at.serviceUrl,
    conversation: { id: at.conversationId, isGroup: at.conversationId.startsWith('19:'), ...(at.tenantId ? { tenantId: at.tenantId } : {}) } as ConversationReference['conversation'],
  });

  /** Runs `work` with a ConnectorClient for the conversation's serviceUrl, authenticated as the bot. */
  async function withConnector<T>(at: ConversationAt, work: (client: ConnectorClient) => Promise<T>): Promise<T> {
    let out: { value: T } | undefined;
    await adapter.continueConversationAsync(appId, reference(at), async (context) => {
      out = { value: await work(context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient) };
    });
    return out!.value;
  }

  return {
    async openThread(at, channelId, activity) {
      const parameters = {
        isGroup: true,
        channelData: { channel: { id: channelId }, ...(at.tenantId ? { tenant: { id: at.tenantId } } : {}) },
        ...(at.tenantId ? { tenantId: at.tenantId } : {}),
        activity,
      } as ConversationParameters;
      let conversationId = '';
      await adapter.createConversationAsync(appId, 'msteams', at.serviceUrl, DEFAULT_AUDIENCE, parameters, async (context) => {
        conversationId = context.activity.conversation.id;
      });
      const activityId = rootActivityId(conversationId);
      if (!activityId) throw new Error(`Teams opened conversation ${conversationId}, which is not a channel thread`);
      return { conversationId, activityId };
    },
    send: (at, activity) => withConnector(at, async (client) => (await client.conversations.sendToConversation(at.conversationId, activity as Activity)).id),
    update: (at, activityId, activity) =>
      withConnector(at, async (client) => {
        await client.conversations.updateActivity(at.conversationId, activityId, { ...activity, id: activityId } as Activity);
      }),
  };
}
