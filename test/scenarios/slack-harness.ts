import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, type Running } from '../../src/main/serve';
import type { TimelineEntry } from '../../src/domain/timeline/timeline-entry';
import { FakeClock } from '../fakes/fake-clock';
import { SlackSigner, type SignedSlackRequest } from '../fakes/slack-signer';
import { FakeSlackWithDms } from '../adapters/slack/fake-slack-with-dms';

export const SIGNING_SECRET = 'tocsin-test-signing-secret';
export const ALICE = 'U0ALICE01';
export const BOB = 'U0BOB0001';
export const CAROL = 'U0CAROL01';

/** alice is on call; bob and carol are responders, carol known by email only (looked up in Slack). */
export function slackPolicy(announceChannel: string, capture: 'none' | 'all' = 'all'): string {
  return `
timezone: Europe/Berlin
people:
  - { id: alice, name: Alice Adams, email: alice@example.com, slack: ${ALICE} }
  - { id: bob, name: Bob Brown, email: bob@example.com, slack: ${BOB} }
  - { id: carol, name: Carol Chen, email: carol@example.com }
rotations:
  - { id: primary, timezone: Europe/Berlin, period: weekly, handoff: { weekday: mon, time: "09:00" }, start: 2026-01-05, members: [alice] }
escalation_policies:
  - id: web
    steps:
      - { after: 0s, notify: [{ rotation: primary }] }
services:
  - id: storefront
    escalation_policy: web
    archive_after: 1h
    capture_messages: ${capture}
    chat: [{ platform: slack, channel_prefix: inc, announce_channel: ${announceChannel}, responders: [bob, carol] }]
integrations:
  - { id: generic, kind: generic, token_env: TOCSIN_GENERIC_TOKEN, service: storefront }
routes:
  - service: storefront
`;
}

/** The environment of a bot on `<dir>/tocsin.db` and `<dir>/tocsin.yml`, Slack at the fake, the generic webhook's token `generic-secret`. */
export function slackBotEnv(dir: string, botToken: string, apiUrl: string): Record<string, string> {
  return {
    DATABASE_URL: `sqlite:${join(dir, 'tocsin.db')}`,
    TOCSIN_CONFIG: join(dir, 'tocsin.yml'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    TOCSIN_GENERIC_TOKEN: 'generic-secret',
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
  };
}

export interface SlackBot {
  readonly running: Running;
  readonly clock: FakeClock;
  readonly slack: FakeSlackWithDms;
  readonly signer: SlackSigner;
  readonly announce: string;
  /** Posts Tocsin's own webhook format. */
  webhook(body: Record<string, unknown>): Promise<number>;
  /** A signed (or forged) request to POST /slack/events; waits for the work started after the ack. */
  send(request: SignedSlackRequest): Promise<{ status: number; text: string }>;
  /** Delivers every Slack outbox row that is due now. */
  deliver(): Promise<number>;
  /** One scheduler round at the clock's time (escalation pages, archive timers), then delivery. */
  tick(): Promise<void>;
  timeline(number: number): Promise<readonly TimelineEntry[]>;
  outbox(): Promise<{ id: number; kind: string; delivered_at: string | null; failed_at: string | null; attempts: number; available_at: string; last_error: string | null }[]>;
  /** Stops Tocsin and starts it again on the same database file (the fake Slack keeps its state). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole bot on a temp SQLite file, Slack in HTTP mode against the fake, workers stepped by hand.
 * Without pacing unless asked: these scenarios make many calls at one instant of a stopped clock.
 */
export async function bootSlackBot(options: { capture?: 'none' | 'all'; startAt?: string; pacing?: boolean; env?: Readonly<Record<string, string>> } = {}): Promise<SlackBot> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-slack-'));
  const clock = new FakeClock(options.startAt ?? '2026-01-07T10:00:00.000Z');
  const slack = new FakeSlackWithDms({ clock });
  const apiUrl = await slack.start();
  slack.addUser({ id: ALICE, name: 'alice', email: 'alice@example.com', real_name: 'Alice Adams' });
  slack.addUser({ id: BOB, name: 'bob', email: 'bob@example.com', real_name: 'Bob Brown' });
  slack.addUser({ id: CAROL, name: 'carol', email: 'carol@example.com', real_name: 'Carol Chen' });
  // The fake grants only what manifest.yml asks for: a call needing more fails the scenario.
  slack.setScopes(parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')).oauth_config.scopes.bot);
  const announce = slack.addChannel({ name: 'incidents' }).id;
  writeFileSync(join(dir, 'tocsin.yml'), slackPolicy(announce, options.capture ?? 'all'));
  const env = { ...slackBotEnv(dir, slack.botToken, apiUrl), ...options.env };
  let running = await start(env, { clock, startScheduler: false, slackPacing: options.pacing ?? false });
  return {
    get running() {
      return running;
    },
    clock,
    slack,
    signer: new SlackSigner(SIGNING_SECRET, clock),
    announce,
    async webhook(body) {
      const res = await fetch(`${running.url}/webhooks/generic`, { method: 'POST', headers: { authorization: 'Bearer generic-secret', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      return res.status;
    },
    async send(request) {
      const res = await fetch(`${running.url}/slack/events`, request);
      const text = await res.text();
      await running.slack.idle();
      return { status: res.status, text };
    },
    deliver: () => running.slack.worker.drain(),
    async tick() {
      await running.scheduler.runOnce(clock.now());
      await running.slack.worker.drain();
    },
    async timeline(number) {
      const incident = await running.ctx.store.read.incidents.byNumber(number);
      return incident ? running.ctx.store.read.timeline.list(incident.id) : [];
    },
    async outbox() {
      const rows = await running.ctx.db.kysely.selectFrom('outbox').select(['id', 'kind', 'delivered_at', 'failed_at', 'attempts', 'available_at', 'last_error']).where('platform', '=', 'slack').orderBy('id').execute();
      return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
    },
    async restart() {
      await running.stop();
      running = await start(env, { clock, startScheduler: false, slackPacing: options.pacing ?? false });
    },
    async stop() {
      await running.stop();
      await slack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
