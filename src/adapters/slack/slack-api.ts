import { WebClient } from '@slack/web-api';

/**
 * Every Web API method Tocsin calls, with the bot scopes it needs. The adapter can only call what
 * is listed (`SlackMethod`), and test/adapters/slack/manifest.test.ts checks that manifest.yml asks
 * for exactly these scopes: adding a call without its scope fails a test, not an install.
 */
export const SLACK_METHOD_SCOPES = {
  'auth.test': [],
  // chat:write.public: the announce channel need not invite the bot first.
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.update': ['chat:write'],
  'conversations.create': ['channels:manage'],
  'conversations.setTopic': ['channels:manage'],
  'conversations.invite': ['channels:manage'],
  'conversations.archive': ['channels:manage'],
  // Finding the channel a create made before a crash, when its answer never came back.
  'conversations.list': ['channels:read'],
  // Finding a post that may have gone out before a crash, and the text of a 📌 message.
  'conversations.history': ['channels:history'],
  'conversations.replies': ['channels:history'],
  // Direct messages for pages.
  'conversations.open': ['im:write'],
  'bookmarks.add': ['bookmarks:write'],
  // Slack grants users:read.email only together with users:read.
  'users.lookupByEmail': ['users:read.email', 'users:read'],
  // The email of a user who typed a command, for people the policy names by email only.
  'users.info': ['users:read', 'users:read.email'],
} as const satisfies Record<string, readonly string[]>;

export type SlackMethod = keyof typeof SLACK_METHOD_SCOPES;

/** Events the app subscribes to (manifest `bot_events`) and the scope each needs. */
export const SLACK_EVENT_SCOPES = {
  reaction_added: 'reactions:read',
  'message.channels': 'channels:history',
} as const;

/** Slash commands registered with Bolt; each needs the `commands` scope. */
export const SLACK_COMMANDS = ['/incident', '/oncall'] as const;

/** Every bot scope the app uses. */
export function slackScopesUsed(): string[] {
  const all = new Set<string>(['commands']);
  for (const scopes of Object.values(SLACK_METHOD_SCOPES)) for (const s of scopes) all.add(s);
  for (const s of Object.values(SLACK_EVENT_SCOPES)) all.add(s);
  return [...all].sort();
}

export type SlackResult = { readonly ok: boolean; readonly [key: string]: unknown };

/** The Web API as the adapter uses it: one narrow call, so tests and the scope table see every method. */
export interface SlackApi {
  call(method: SlackMethod, args: Record<string, unknown>): Promise<SlackResult>;
}

export interface SlackApiOptions {
  readonly token: string;
  /** `SLACK_API_URL`: GovSlack, or a fake in tests. */
  readonly apiUrl?: string;
  /** Per call; well under the outbox lease, so a hung call never outlives the claim on its row. */
  readonly timeoutMs?: number;
}

/**
 * A WebClient that neither retries nor sleeps on 429 by itself: the outbox worker owns retries
 * (with backoff, across restarts), so errors must come back at once, `Retry-After` included.
 */
export function slackWebClient(options: SlackApiOptions): WebClient {
  return new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 20_000,
  });
}

export function webSlackApi(client: WebClient): SlackApi {
  return { call: (method, args) => client.apiCall(method, args) as Promise<SlackResult> };
}
