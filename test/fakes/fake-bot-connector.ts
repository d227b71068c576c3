import type { Clock } from '../../src/app/ports/clock';
import { FakeClock } from './fake-clock';
import { ConnectorRateLimits } from './fake-bot-connector-limits';
import { connectorRoute, CONNECTOR_ERRORS, type ConnectorRoute } from './fake-bot-connector-routes';
import { HttpFake, type Fault, type FakeReply, type RecordedCall } from './http-fake-base';
import { BOT_FRAMEWORK_SCOPE, type FakeMicrosoftLogin } from './fake-microsoft-login';

/** What the bot sent, as stored: the activity body plus the id the connector gave it. */
export interface StoredActivity {
  readonly id: string;
  readonly conversationId: string;
  readonly replyToId?: string;
  activity: Record<string, unknown>;
  updated: boolean;
  deleted: boolean;
}

export interface FakeConversation {
  readonly id: string;
  readonly isGroup: boolean;
  /** The Teams channel a thread belongs to (the id before `;messageid=`). */
  readonly channelId?: string;
  readonly tenantId?: string;
  readonly parameters?: Record<string, unknown>;
  readonly activities: StoredActivity[];
}

/** A TeamsChannelAccount as the members endpoints return it. */
export interface TeamsMember {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId?: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly tenantId?: string;
  readonly userRole?: string;
}

export interface FakeBotConnectorOptions {
  readonly clock?: Clock;
  /** When given, calls must carry a Bot Framework token this login issued (else 401, as the real connector). */
  readonly login?: FakeMicrosoftLogin;
  /** Path of the regional serviceUrl (Teams uses `/amer/`, `/emea/`…); exercises URL joining. */
  readonly pathPrefix?: string;
  /** Answer 429 + Retry-After over Teams' documented bot limits (fake-bot-connector-limits.ts). */
  readonly rateLimits?: boolean;
}

const POSTS: ReadonlySet<string> = new Set(['createConversation', 'sendToConversation', 'replyToActivity', 'updateActivity', 'deleteActivity']);

/**
 * The Bot Connector REST API (v3) that botbuilder's ConnectorClient calls relative to an
 * activity's `serviceUrl`. `start()` returns that serviceUrl. Creating a conversation in a Teams
 * channel opens a thread `<channel id>;messageid=<activity id>`, as Teams does.
 */
export class FakeBotConnector extends HttpFake {
  private readonly clock: Clock;
  private readonly login: FakeMicrosoftLogin | undefined;
  private readonly prefix: string;
  private readonly limits: ConnectorRateLimits | undefined;
  private store = new Map<string, FakeConversation>();
  private members = new Map<string, TeamsMember[]>();
  private uninstalled = new Set<string>();
  private lastId = 0;
  private seq = 0;

  constructor(options: FakeBotConnectorOptions = {}) {
    super();
    this.clock = options.clock ?? new FakeClock();
    this.login = options.login;
    this.limits = options.rateLimits ? new ConnectorRateLimits(this.clock) : undefined;
    this.prefix = `/${(options.pathPrefix ?? '/amer/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  }

  get serviceUrl(): string {
    return this.baseUrl;
  }

  override reset(): void {
    super.reset();
    this.store = new Map();
    this.members = new Map();
    this.uninstalled = new Set();
  }

  /** Seeds who GET …/members returns for a conversation or a whole channel (threads included). */
  addMembers(conversationOrChannelId: string, members: readonly TeamsMember[]): void {
    this.members.set(conversationOrChannelId, [...(this.members.get(conversationOrChannelId) ?? []), ...members]);
  }

  /** The bot is removed from a channel or chat: every call there gets 403 BotNotInConversationRoster. */
  uninstall(conversationOrChannelId: string): void {
    this.uninstalled.add(conversationOrChannelId);
  }

  conversations(): FakeConversation[] {
    return [...this.store.values()];
  }

  conversation(id: string): FakeConversation | undefined {
    return this.store.get(id);
  }

  /** Activities in one conversation (a thread, a chat, or a channel's top level), oldest first. */
  activities(conversationId: string): StoredActivity[] {
    return [...(this.store.get(conversationId)?.activities ?? [])];
  }

  /** The threads opened in a Teams channel with POST /v3/conversations. */
  threads(channelId: string): FakeConversation[] {
    return this.conversations().filter((c) => c.channelId === channelId && c.id !== channelId);
  }

  protected override baseUrlFor(origin: string): string {
    return `${origin}${this.prefix}`;
  }

  protected operationOf(method: string, path: string): string {
    return connectorRoute(method, path, this.prefix)?.op ?? `${method} ${path}`;
  }

  protected route(call: RecordedCall): FakeReply {
    if (this.login && !this.login.verify(call.bearer, BOT_FRAMEWORK_SCOPE)) {
      return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
    }
    const route = connectorRoute(call.method, call.path, this.prefix);
    if (!route) return this.error('BadArgument', `No route for ${call.method} ${call.path}`, 404);
    const body = (call.body ?? {}) as Record<string, unknown>;
    const target = route.op === 'createConversation' ? channelOf(body) : route.conversationId;
    if (target && this.isUninstalled(target)) return this.error('BotNotInConversationRoster', "The bot isn't part of the conversation roster.");
    const wait = this.limits && POSTS.has(route.op) ? this.limits.take(target ?? 'new-chat', 'tenant') : undefined;
    if (wait !== undefined) return { ...this.error('Throttled', CONNECTOR_ERRORS.Throttled!.message), headers: { 'retry-after': String(wait) } };
    return this.dispatch(route, body);
  }

  protected faultReply(fault: Fault): FakeReply {
    const code = fault.error ?? (fault.retryAfter !== undefined ? 'Throttled' : codeForStatus(fault.status ?? 500));
    const reply = this.error(code, fault.message ?? CONNECTOR_ERRORS[code]?.message ?? code, fault.status);
    return fault.retryAfter === undefined ? reply : { ...reply, headers: { 'retry-after': String(fault.retryAfter) } };
  }

  private dispatch(route: ConnectorRoute, body: Record<string, unknown>): FakeReply {
    const conversationId = route.conversationId ?? '';
    switch (route.op) {
      case 'createConversation':
        return this.createConversation(body);
      case 'sendToConversation':
        return { status: 201, body: { id: this.append(conversationId, body).id } };
      case 'replyToActivity':
        return { status: 201, body: { id: this.append(conversationId, body, route.activityId).id } };
      case 'updateActivity':
      case 'deleteActivity': {
        const stored = this.store.get(conversationId)?.activities.find((a) => a.id === route.activityId && !a.deleted);
        if (!stored) return this.error('ActivityNotFoundInConversation', 'Conversation not found.');
        if (route.op === 'deleteActivity') stored.deleted = true;
        else Object.assign(stored, { activity: { ...body, id: stored.id }, updated: true });
        return route.op === 'deleteActivity' ? { status: 200 } : { status: 200, body: { id: stored.id } };
      }
      case 'getConversationMembers':
        return { status: 200, body: this.membersOf(conversationId) };
      case 'getConversationPagedMembers':
        return { status: 200, body: { members: this.membersOf(conversationId) } };
      case 'getConversationMember': {
        const member = this.membersOf(conversationId).find((m) => m.id === route.memberId || m.aadObjectId === route.memberId);
        return member ? { status: 200, body: member } : this.error('MemberNotFoundInConversation', 'The member was not found in the conversation.', 404);
      }
    }
  }

  private createConversation(body: Record<string, unknown>): FakeReply {
    const activity = body.activity as Record<string, unknown> | undefined;
    const channelId = channelOf(body);
    const tenantId = (body.tenantId as string | undefined) ?? ((body.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id);
    if (channelId && !activity) return this.error('BadArgument', 'Activity is required to create a conversation in a channel.', 400);
    const rootId = activity ? this.nextActivityId() : undefined;
    const id = channelId ? `${channelId};messageid=${rootId}` : `a:fake-conversation-${++this.seq}`;
    const conversation = this.open(id, { isGroup: body.isGroup === true, channelId, tenantId, parameters: body });
    if (activity && rootId) conversation.activities.push({ id: rootId, conversationId: id, activity: { ...activity, id: rootId }, updated: false, deleted: false });
    return { status: 201, body: { id, ...(rootId ? { activityId: rootId } : {}), serviceUrl: this.serviceUrl } };
  }

  private append(conversationId: string, activity: Record<string, unknown>, replyToId?: string): StoredActivity {
    const conversation = this.store.get(conversationId) ?? this.open(conversationId, { isGroup: conversationId.startsWith('19:'), channelId: conversationId.split(';')[0] });
    const id = this.nextActivityId();
    const stored: StoredActivity = { id, conversationId, ...(replyToId ? { replyToId } : {}), activity: { ...activity, id }, updated: false, deleted: false };
    conversation.activities.push(stored);
    return stored;
  }

  private open(id: string, fields: Omit<FakeConversation, 'id' | 'activities'>): FakeConversation {
    const conversation: FakeConversation = { id, ...fields, activities: [] };
    this.store.set(id, conversation);
    return conversation;
  }

  private membersOf(conversationId: string): TeamsMember[] {
    return this.members.get(conversationId) ?? this.members.get(conversationId.split(';')[0]) ?? [];
  }

  private isUninstalled(conversationId: string): boolean {
    return this.uninstalled.has(conversationId) || this.uninstalled.has(conversationId.split(';')[0]);
  }

  /** Teams activity ids are epoch milliseconds; kept strictly increasing when the clock stands still. */
  private nextActivityId(): string {
    this.lastId = Math.max(this.lastId + 1, this.clock.now().getTime());
    return String(this.lastId);
  }

  private error(code: string, message: string, status?: number): FakeReply {
    return { status: status ?? CONNECTOR_ERRORS[code]?.status ?? 500, body: { error: { code, message } } };
  }
}

function channelOf(parameters: Record<string, unknown>): string | undefined {
  return (parameters.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
}

function codeForStatus(status: number): string {
  const known = Object.entries(CONNECTOR_ERRORS).find(([, e]) => e.status === status);
  return known?.[0] ?? 'ServiceError';
}
