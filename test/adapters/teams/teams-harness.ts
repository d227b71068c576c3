import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/adapters/shared/logger';
import { start, type Running } from '../../../src/main/serve';
import type { TimelineEntry } from '../../../src/domain/timeline/timeline-entry';
import { FakeBotConnector } from '../../fakes/fake-bot-connector';
import { FakeClock } from '../../fakes/fake-clock';
import { FakeGraph } from '../../fakes/fake-graph';
import { FakeMicrosoftLogin } from '../../fakes/fake-microsoft-login';
import { loopbackMsalNetworkClient } from '../../fakes/msal-loopback-network';
import { send, type Answer } from '../shared/http-test-client';
import { BotFrameworkIssuer } from './bot-framework-issuer';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAM = '19:ops-general@thread.tacv2';
export const GROUP = 'c0ffee00-0000-4000-8000-00000000c0de';
export const SERVICE_CHANNEL = '19:payments@thread.tacv2';
export const ALICE = { aad: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8', user: '29:alice-teams-user', name: 'Alice Example' };
export const BOB = { aad: '0b0b0b0b-3d56-4244-b585-20c8a42ed2b8', user: '29:bob-teams-user', name: 'Bob Example' };
const TOKEN = 'generic-secret-token';

/** A policy with one service on Teams; alice and bob take turns, alice is on call on 2026-01-05. */
export function policyYaml(chat: string): string {
  return `timezone: Europe/Berlin
people:
  - { id: alice, name: ${ALICE.name}, email: alice@example.com, teams: ${ALICE.aad} }
  - { id: bob, name: ${BOB.name}, email: bob@example.com }
# bob has no Teams id here: he acts as an unknown Teams user, which this file lets respond.
access: { admins: [alice], unknown_users: respond }
rotations:
  - { id: primary, timezone: Europe/Berlin, period: weekly, handoff: { weekday: mon, time: "09:00" }, start: 2026-01-05, members: [alice, bob] }
escalation_policies:
  - id: platform
    steps:
      - { after: 0s, notify: [{ rotation: primary }] }
      - { after: 10m, notify: [{ person: bob }] }
services:
  - id: payments
    escalation_policy: platform
    chat:
${chat}
integrations:
  - { id: monitoring, kind: generic, token_env: TOCSIN_TEST_TOKEN, service: payments }
routes:
  - service: payments
`;
}

export const BOT_TARGET = `      - { platform: teams, team: "${TEAM}", channel: "${SERVICE_CHANNEL}" }`;

export interface HarnessOptions {
  /** With an app id the bot authenticates both ways; without, it runs anonymously. */
  readonly appId?: string;
  /** Without an app id: TEAMS_ALLOW_ANONYMOUS (default true, the Emulator setup); false leaves /api/messages off. */
  readonly allowAnonymous?: boolean;
  readonly chat?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** The fake Bot Connector answers 429 over Teams' documented limits (then set TEAMS_PACING: 'true' in `env`). */
  readonly connectorRateLimits?: boolean;
}

let activitySeq = 0;

/** Tocsin booted with `start()` against the fake Bot Connector, Graph and Microsoft login, with a steppable clock. */
export class TeamsHarness {
  readonly clock = new FakeClock('2026-01-05T09:30:00.000Z');
  readonly login = new FakeMicrosoftLogin({ clock: this.clock });
  readonly graph = new FakeGraph({ clock: this.clock, login: this.login, tenantId: TENANT });
  readonly connector: FakeBotConnector;
  readonly issuer = new BotFrameworkIssuer();
  readonly logs: { level: number; msg: string; [k: string]: unknown }[] = [];
  readonly bot: { id: string; name: string };
  private dir = '';
  running!: Running;

  constructor(readonly options: HarnessOptions = {}) {
    this.connector = new FakeBotConnector({ clock: this.clock, ...(options.appId ? { login: this.login } : {}), rateLimits: options.connectorRateLimits ?? false });
    this.bot = { id: `28:${options.appId ?? 'tocsin-anonymous'}`, name: 'Tocsin' };
  }

  get serviceUrl(): string {
    return this.connector.serviceUrl;
  }

  async start(): Promise<this> {
    await Promise.all([this.login.start(), this.graph.start(), this.connector.start(), this.issuer.start()]);
    const appId = this.options.appId;
    if (appId) this.login.addApp({ clientId: appId, clientSecret: 'app-secret', tenantId: TENANT });
    this.dir = mkdtempSync(join(tmpdir(), 'tocsin-teams-'));
    writeFileSync(join(this.dir, 'tocsin.yml'), policyYaml(this.options.chat ?? BOT_TARGET));
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.logs.push(JSON.parse(line));
        done();
      },
    });
    const env = {
      DATABASE_URL: `sqlite:${join(this.dir, 'tocsin.db')}`,
      PORT: '0',
      HOST: '127.0.0.1',
      TOCSIN_CONFIG: join(this.dir, 'tocsin.yml'),
      TOCSIN_TEST_TOKEN: TOKEN,
      GRAPH_API_URL: this.graph.baseUrl,
      TEAMS_ALLOW_ANONYMOUS: String(this.options.allowAnonymous ?? true),
      // These scenarios make many calls at one instant of a stopped clock; teams-page-first.test paces.
      TEAMS_PACING: 'false',
      ...this.options.env,
      ...(appId ? { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'app-secret', MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: 'SingleTenant' } : {}),
    };
    const teams = { networkClient: loopbackMsalNetworkClient(this.login.baseUrl), ...(appId ? { botFrameworkEndpoints: this.issuer.endpoints() } : {}) };
    this.running = await start(env, { clock: this.clock, log: createLogger('debug', sink), startScheduler: false, teams });
    return this;
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    await Promise.all([this.login.stop(), this.graph.stop(), this.connector.stop(), this.issuer.stop()]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  get port(): number {
    return Number(new URL(this.running.url).port);
  }

  /** POSTs an activity to /api/messages, with a valid channel token when an app id is set (unless `auth` says otherwise). */
  post(activity: Record<string, unknown>, auth?: string | false): Promise<Answer> {
    const token = auth ?? (this.options.appId ? `Bearer ${this.issuer.token(this.options.appId, String(activity.serviceUrl))}` : false);
    return send(this.port, { path: '/api/messages', headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) }, body: JSON.stringify(activity) });
  }

  alert(key: string, title: string, extra: Record<string, unknown> = {}): Promise<Answer> {
    const body = { dedup_key: key, action: 'trigger', title, severity: 'sev2', links: [{ url: 'https://grafana.example.com/d/1', title: 'Grafana' }], ...extra };
    return send(this.port, { path: '/webhooks/generic', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
  }

  /** Delivers every due `teams` outbox row (the worker, stepped by hand). */
  deliver(): Promise<number> {
    return this.running.teams.worker.drain();
  }

  private base(conversation: Record<string, unknown>, from = ALICE): Record<string, unknown> {
    return {
      id: `f:${++activitySeq}`,
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: this.clock.now().toISOString(),
      from: { id: from.user, name: from.name, aadObjectId: from.aad },
      recipient: this.bot,
      conversation,
      channelData: { team: { id: TEAM, name: 'Ops', aadGroupId: GROUP }, channel: { id: String(conversation.id).split(';')[0] }, tenant: { id: TENANT } },
    };
  }

  /** The bot being added to the team (Teams sends conversationUpdate with the bot among membersAdded). */
  installActivity(): Record<string, unknown> {
    const a = this.base({ id: TEAM, conversationType: 'channel', isGroup: true, tenantId: TENANT });
    return { ...a, type: 'conversationUpdate', membersAdded: [{ id: this.bot.id }], channelData: { ...(a.channelData as object), eventType: 'teamMemberAdded' } };
  }

  /** `@Tocsin <text>` typed in a channel conversation (a thread id, or a channel for a new post). */
  say(conversationId: string, text: string, from = ALICE, more: { mentions?: { text: string; id: string }[] } = {}): Record<string, unknown> {
    const botMention = { type: 'mention', text: `<at>${this.bot.name}</at>`, mentioned: this.bot };
    const others = (more.mentions ?? []).map((m) => ({ type: 'mention', text: m.text, mentioned: { id: m.id, name: m.text.replace(/<\/?at>/g, '') } }));
    return { ...this.base({ id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT }, from), type: 'message', text: `<at>${this.bot.name}</at> ${text}`, textFormat: 'plain', entities: [botMention, ...others] };
  }

  /** A message in the 1:1 chat with the bot. */
  personal(text: string, from = ALICE): Record<string, unknown> {
    const a = this.base({ id: `a:personal-${from.aad}`, conversationType: 'personal', tenantId: TENANT }, from);
    return { ...a, type: 'message', text, channelData: { tenant: { id: TENANT } } };
  }

  /** A card button pressed (Universal Actions: an `adaptiveCard/action` invoke). */
  press(conversationId: string, verb: string, incident: string, from = ALICE): Record<string, unknown> {
    const value = { action: { type: 'Action.Execute', id: verb, verb, data: { incident, command: verb.split('.')[1] } }, trigger: 'manual' };
    return { ...this.base({ id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT }, from), type: 'invoke', name: 'adaptiveCard/action', value };
  }

  /** An `Action.Submit` button (older clients): a message whose value is the button's data. */
  submit(conversationId: string, command: string, incident: string, from = ALICE): Record<string, unknown> {
    return { ...this.base({ id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT }, from), type: 'message', text: '', value: { incident, command } };
  }

  async timeline(number: number): Promise<readonly TimelineEntry[]> {
    const incident = await this.running.ctx.store.read.incidents.byNumber(number);
    return incident ? this.running.ctx.store.read.timeline.list(incident.id) : [];
  }

  async incident(number: number) {
    return this.running.ctx.store.read.incidents.byNumber(number);
  }

  async chatRefs(): Promise<{ key: string; value: any }[]> {
    const rows = await this.running.ctx.db.kysely.selectFrom('chat_refs').select(['key', 'value']).where('platform', '=', 'teams').where('value', '<>', 'null').orderBy('key').execute();
    return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) }));
  }

  async outbox() {
    return this.running.ctx.db.kysely.selectFrom('outbox').selectAll().where('platform', '=', 'teams').orderBy('id').execute();
  }

  /** What the bot sent into a conversation (its own posts, replies and updated cards). */
  sent(conversationId: string) {
    return this.connector.activities(conversationId).map((a) => a.activity as Record<string, any>);
  }
}

/** The card inside a posted activity. */
export function cardOf(activity: Record<string, any>): Record<string, any> {
  return activity.attachments?.[0]?.content;
}

export function factsOf(activity: Record<string, any>): Record<string, string> {
  const factSet = (cardOf(activity).body as { facts?: { title: string; value: string }[] }[]).find((b) => b.facts);
  return Object.fromEntries((factSet?.facts ?? []).map((f) => [f.title, f.value]));
}
