import type { Running } from '../../src/main/serve';
import type { TimelineEntry } from '../../src/domain/timeline/timeline-entry';
import { FakeClock } from '../fakes/fake-clock';
import { send, type Answer } from './http-test-client';
import { TeamsFakes, type TeamsFakesOptions } from './boot-fakes';
import { bootTocsin, type BootedTocsin } from './boot-tocsin';
import { TEAMS_BOT_TARGET, TEAMS_PEOPLE, TEAMS_SERVICE_CHANNEL, TEAMS_TEAM, TEAMS_TENANT, teamsPolicy } from './policies';
import type { Fields } from './policy-fixture';

export const TENANT = TEAMS_TENANT;
export const TEAM = TEAMS_TEAM;
export const GROUP = 'c0ffee00-0000-4000-8000-00000000c0de';
export const SERVICE_CHANNEL = TEAMS_SERVICE_CHANNEL;
export const ALICE = TEAMS_PEOPLE.alice;
export const BOB = TEAMS_PEOPLE.bob;
export const BOT_TARGET = TEAMS_BOT_TARGET;
const TOKEN = 'generic-secret-token';

export interface HarnessOptions extends TeamsFakesOptions {
  /** The service's chat targets (default: the bot's own channel, BOT_TARGET). */
  readonly chat?: readonly Fields[];
  readonly env?: Readonly<Record<string, string>>;
}

type Person = { readonly aad: string; readonly user: string; readonly name: string };

let activitySeq = 0;

/** Tocsin booted with bootTocsin against the fake Bot Connector, Graph and Microsoft login, with a steppable clock. */
export class TeamsHarness {
  readonly clock = new FakeClock('2026-01-05T09:30:00.000Z');
  readonly fakes: TeamsFakes;
  readonly bot: { id: string; name: string };
  private tocsin?: BootedTocsin;

  constructor(readonly options: HarnessOptions = {}) {
    this.fakes = new TeamsFakes(this.clock, options);
    this.bot = { id: `28:${options.appId ?? 'tocsin-anonymous'}`, name: 'Tocsin' };
  }

  get login() {
    return this.fakes.login;
  }
  get graph() {
    return this.fakes.graph;
  }
  get connector() {
    return this.fakes.connector;
  }
  get issuer() {
    return this.fakes.issuer;
  }
  get serviceUrl(): string {
    return this.connector.serviceUrl;
  }
  get running(): Running {
    return this.booted.running;
  }
  /** Every log record, parsed (level debug and up). */
  get logs() {
    return this.booted.logs;
  }

  private get booted(): BootedTocsin {
    if (!this.tocsin) throw new Error('the Teams harness has not started');
    return this.tocsin;
  }

  async start(): Promise<this> {
    this.tocsin = await bootTocsin({ clock: this.clock, teams: this.fakes, policy: teamsPolicy(this.options.chat), env: { TOCSIN_TEST_TOKEN: TOKEN, ...this.options.env }, logs: 'debug', dirPrefix: 'tocsin-teams-' });
    return this;
  }

  async stop(): Promise<void> {
    if (this.tocsin) await this.tocsin.stop();
    else await this.fakes.stop();
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

  private base(conversation: Record<string, unknown>, from: Person = ALICE): Record<string, unknown> {
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
  say(conversationId: string, text: string, from: Person = ALICE, more: { mentions?: { text: string; id: string }[] } = {}): Record<string, unknown> {
    const botMention = { type: 'mention', text: `<at>${this.bot.name}</at>`, mentioned: this.bot };
    const others = (more.mentions ?? []).map((m) => ({ type: 'mention', text: m.text, mentioned: { id: m.id, name: m.text.replace(/<\/?at>/g, '') } }));
    return { ...this.base({ id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT }, from), type: 'message', text: `<at>${this.bot.name}</at> ${text}`, textFormat: 'plain', entities: [botMention, ...others] };
  }

  /** A message in the 1:1 chat with the bot. */
  personal(text: string, from: Person = ALICE): Record<string, unknown> {
    const a = this.base({ id: `a:personal-${from.aad}`, conversationType: 'personal', tenantId: TENANT }, from);
    return { ...a, type: 'message', text, channelData: { tenant: { id: TENANT } } };
  }

  /** A card button pressed (Universal Actions: an `adaptiveCard/action` invoke). */
  press(conversationId: string, verb: string, incident: string, from: Person = ALICE): Record<string, unknown> {
    const value = { action: { type: 'Action.Execute', id: verb, verb, data: { incident, command: verb.split('.')[1] } }, trigger: 'manual' };
    return { ...this.base({ id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT }, from), type: 'invoke', name: 'adaptiveCard/action', value };
  }

  /** An `Action.Submit` button (older clients): a message whose value is the button's data. */
  submit(conversationId: string, command: string, incident: string, from: Person = ALICE): Record<string, unknown> {
    return { ...this.base({ id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT }, from), type: 'message', text: '', value: { incident, command } };
  }

  timeline(number: number): Promise<readonly TimelineEntry[]> {
    return this.booted.timeline(number);
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
