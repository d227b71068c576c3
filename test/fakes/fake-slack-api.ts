import type { Clock } from '../../src/app/ports/clock';
import { FakeClock } from './fake-clock';
import { slackMethods } from './fake-slack-methods';
import { fail, type SlackArgs } from './fake-slack-method';
import { SlackWorkspace, type SlackBookmark, type SlackChannel, type SlackEphemeral, type SlackMessage, type SlackUser, type WorkspaceIdentity } from './fake-slack-workspace';
import { HttpFake, type Fault, type FakeReply, type RecordedCall } from './http-fake-base';
import { SlackRateLimits } from './fake-slack-rate-limits';

export type { SlackBookmark, SlackChannel, SlackEphemeral, SlackMessage, SlackUser } from './fake-slack-workspace';

/** Every scope the fake's methods check; a test narrows it with `setScopes` to play a badly installed app. */
export const ALL_FAKE_SLACK_SCOPES = [
  'chat:write', 'chat:write.public', 'channels:manage', 'channels:join', 'channels:read', 'channels:history',
  'groups:write', 'groups:read', 'groups:history', 'users:read', 'users:read.email', 'bookmarks:write', 'reactions:write', 'commands',
] as const;

export interface FakeSlackApiOptions {
  readonly clock?: Clock;
  /** The only token the fake accepts (others get `invalid_auth`). */
  readonly botToken?: string;
  readonly identity?: Partial<WorkspaceIdentity>;
  /** Answer like Slack's rate-limit tiers (fake-slack-rate-limits.ts): 429 + Retry-After over them. */
  readonly rateLimits?: boolean;
}

const RESPONSE_URL_OP = 'response_url';

// Fields @slack/web-api sends as JSON strings inside a form body.
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

/**
 * Slack Web API on 127.0.0.1: `start()` returns `<origin>/api/`, the value for `SLACK_API_URL`
 * (@slack/web-api `slackApiUrl`). Form or JSON bodies, token in `Authorization: Bearer`.
 * Errors as Slack sends them: HTTP 200 `{ok:false,error}`, except rate limits (429 + Retry-After).
 */
export class FakeSlackApi extends HttpFake {
  readonly botToken: string;
  private readonly clock: Clock;
  private readonly identity: WorkspaceIdentity;
  private scopes = new Set<string>(ALL_FAKE_SLACK_SCOPES);
  private ws: SlackWorkspace;
  private readonly limits: SlackRateLimits | undefined;

  constructor(options: FakeSlackApiOptions = {}) {
    super();
    this.botToken = options.botToken ?? 'xoxb-tocsin-test';
    this.clock = options.clock ?? new FakeClock();
    this.identity = { teamId: 'T0TOCSIN01', teamName: 'Tocsin Test', domain: 'tocsin-test', botUserId: 'U0TOCSINBOT', botId: 'B0TOCSINBOT', appId: 'A0TOCSINAPP', ...options.identity };
    this.ws = new SlackWorkspace(this.clock, this.identity);
    this.limits = options.rateLimits ? new SlackRateLimits(this.clock) : undefined;
  }

  get workspace(): SlackWorkspace {
    return this.ws;
  }

  get botUserId(): string {
    return this.identity.botUserId;
  }

  override reset(): void {
    super.reset();
    this.scopes = new Set(ALL_FAKE_SLACK_SCOPES);
    this.ws = new SlackWorkspace(this.clock, this.identity);
  }

  setScopes(scopes: readonly string[]): void {
    this.scopes = new Set(scopes);
  }

  addUser(user: Parameters<SlackWorkspace['addUser']>[0]): SlackUser {
    return this.ws.addUser(user);
  }

  addChannel(channel: Parameters<SlackWorkspace['addChannel']>[0]): SlackChannel {
    return this.ws.addChannel(channel);
  }

  channel(ref: string): SlackChannel | undefined {
    return this.ws.findChannel(ref);
  }

  /** Messages posted in a channel (id, `name` or `#name`), oldest first, thread replies included. */
  messages(ref: string): SlackMessage[] {
    const channel = this.ws.findChannel(ref);
    return channel ? [...(this.ws.messages.get(channel.id) ?? [])] : [];
  }

  ephemerals(ref: string): SlackEphemeral[] {
    const id = this.ws.findChannel(ref)?.id;
    return this.ws.ephemerals.filter((e) => e.channel === id);
  }

  bookmarks(ref: string): SlackBookmark[] {
    const id = this.ws.findChannel(ref)?.id;
    return this.ws.bookmarks.filter((b) => b.channel_id === id);
  }

  /** The decoded arguments of every call to `method`, in order. */
  argsOf(method: string): SlackArgs[] {
    return this.callsTo(method).map((c) => (c.body ?? {}) as SlackArgs);
  }

  protected override baseUrlFor(origin: string): string {
    return `${origin}/api/`;
  }

  /**
   * A fresh `response_url` served by this fake (put it in signed slash commands and block actions),
   * so replies through `respond()` land here instead of on hooks.slack.com.
   */
  responseUrl(kind: 'commands' | 'actions' = 'commands'): string {
    return `${this.originUrl}/${kind}/${this.identity.teamId}/${this.ws.nextId('')}/${this.ws.nextId('hook')}`;
  }

  /** JSON bodies posted to response URLs (`{text, blocks, response_type, replace_original…}`), in order. */
  responses(url?: string): unknown[] {
    const path = url === undefined ? undefined : new URL(url).pathname;
    return this.callsTo(RESPONSE_URL_OP).filter((c) => path === undefined || c.path === path).map((c) => c.body);
  }

  protected operationOf(_method: string, path: string): string {
    if (/^\/(commands|actions)\//.test(path)) return RESPONSE_URL_OP;
    return /^\/api\/([^/]+)$/.exec(path)?.[1] ?? path;
  }

  protected override parseBody(contentType: string, raw: string): unknown {
    const body = super.parseBody(contentType, raw);
    if (!body || typeof body !== 'object' || contentType.includes('json')) return body;
    const args: Record<string, unknown> = { ...(body as Record<string, string>) };
    for (const field of JSON_FIELDS) {
      const value = args[field];
      if (typeof value === 'string' && /^[[{]/.test(value)) {
        try {
          args[field] = JSON.parse(value);
        } catch {
          // Left as sent: Slack itself answers invalid_blocks / invalid_arguments for these.
        }
      }
    }
    return args;
  }

  protected route(call: RecordedCall): FakeReply {
    if (call.op === RESPONSE_URL_OP) return { status: 200, body: { ok: true } };
    if (call.method !== 'POST' && call.method !== 'GET') return { status: 405, body: 'Method Not Allowed' };
    const args = { ...call.query, ...((call.body ?? {}) as SlackArgs) };
    const headers = { 'x-oauth-scopes': [...this.scopes].join(','), 'x-accepted-oauth-scopes': '' };
    const reply = (body: object): FakeReply => ({ status: 200, body, headers });
    const method = slackMethods[call.op];
    if (!method) return reply({ ...fail('unknown_method'), req_method: call.op });
    const token = call.bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!token) return reply(fail('not_authed'));
    if (token !== this.botToken) return reply(fail('invalid_auth'));
    const limited = this.overLimit(call);
    if (limited) return limited;
    const needed = method.scope?.(args, this.ws);
    if (needed && !this.scopes.has(needed)) return reply(fail('missing_scope', { needed, provided: [...this.scopes].join(',') }));
    return reply(method.run(args, { ws: this.ws, actor: this.identity.botUserId, hasScope: (s) => this.scopes.has(s) }));
  }

  /** With `rateLimits`, Slack's 429 for a call over its tier; undefined when the call may go. */
  protected overLimit(call: RecordedCall): FakeReply | undefined {
    const args = { ...call.query, ...((call.body ?? {}) as SlackArgs) };
    const wait = this.limits?.take(call.op, typeof args.channel === 'string' ? args.channel : undefined);
    return wait === undefined ? undefined : { status: 429, headers: { 'retry-after': String(wait) }, body: fail('ratelimited') };
  }

  protected faultReply(fault: Fault, _call: RecordedCall): FakeReply {
    const status = fault.status ?? (fault.retryAfter !== undefined ? 429 : 200);
    const headers = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : undefined;
    if (status === 200 || status === 429) return { status, headers, body: fail(fault.error ?? 'ratelimited') };
    return { status, headers, body: fault.message ?? `upstream error ${status}` };
  }
}
