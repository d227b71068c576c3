/** Operation names are ConnectorClient's `conversations.*` method names. */
export type ConnectorOp =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMembers'
  | 'getConversationPagedMembers'
  | 'getConversationMember';

export interface ConnectorRoute {
  readonly op: ConnectorOp;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly memberId?: string;
}

/**
 * Error codes Teams documents for bot API calls ("Status codes from bot conversational APIs",
 * MicrosoftDocs/msteams-docs conversation-messages.md) with their HTTP status and message.
 */
export const CONNECTOR_ERRORS: Readonly<Record<string, { readonly status: number; readonly message: string }>> = {
  BadArgument: { status: 400, message: 'Bad argument.' },
  BotNotRegistered: { status: 401, message: 'No registration found for this bot.' },
  BotNotInConversationRoster: { status: 403, message: "The bot isn't part of the conversation roster." },
  ConversationBlockedByUser: { status: 403, message: 'User blocked the conversation with the bot.' },
  BotDisabledByAdmin: { status: 403, message: 'The tenant admin disabled this bot.' },
  ActivityNotFoundInConversation: { status: 404, message: 'Conversation not found.' },
  ConversationNotFound: { status: 404, message: 'Conversation not found.' },
  PreconditionFailed: { status: 412, message: 'Precondition failed, please try again.' },
  MessageSizeTooBig: { status: 413, message: 'Message size too large.' },
  Throttled: { status: 429, message: 'Too many requests.' },
  ServiceError: { status: 500, message: 'Internal server error.' },
  ServiceUnavailable: { status: 503, message: 'Service is unavailable.' },
};

const ROUTES: readonly { method: string; pattern: RegExp; op: ConnectorOp; params: readonly (keyof Omit<ConnectorRoute, 'op'>)[] }[] = [
  { method: 'POST', pattern: /^v3\/conversations$/, op: 'createConversation', params: [] },
  { method: 'POST', pattern: /^v3\/conversations\/([^/]+)\/activities$/, op: 'sendToConversation', params: ['conversationId'] },
  { method: 'POST', pattern: /^v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, op: 'replyToActivity', params: ['conversationId', 'activityId'] },
  { method: 'PUT', pattern: /^v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, op: 'updateActivity', params: ['conversationId', 'activityId'] },
  { method: 'DELETE', pattern: /^v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, op: 'deleteActivity', params: ['conversationId', 'activityId'] },
  { method: 'GET', pattern: /^v3\/conversations\/([^/]+)\/members$/, op: 'getConversationMembers', params: ['conversationId'] },
  { method: 'GET', pattern: /^v3\/conversations\/([^/]+)\/pagedmembers$/, op: 'getConversationPagedMembers', params: ['conversationId'] },
  { method: 'GET', pattern: /^v3\/conversations\/([^/]+)\/members\/([^/]+)$/, op: 'getConversationMember', params: ['conversationId', 'memberId'] },
];

/** Matches a request path below the serviceUrl's path; ids arrive percent-encoded (`19%3A…%3Bmessageid%3D…`). */
export function connectorRoute(method: string, path: string, prefix: string): ConnectorRoute | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  for (const route of ROUTES) {
    const match = route.method === method ? route.pattern.exec(rest) : null;
    if (!match) continue;
    const params = Object.fromEntries(route.params.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    return { op: route.op, ...params };
  }
  return undefined;
}
