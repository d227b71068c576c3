import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Running } from '../../src/main/serve';
import type { TimelineEntry } from '../../src/domain/timeline/timeline-entry';
import type { FakeClock } from '../fakes/fake-clock';
import type { FakeSlackWithDms } from '../fakes/fake-slack-with-dms';
import { SlackSigner, type SignedSlackRequest } from '../fakes/slack-signer';
import { SLACK_SIGNING_SECRET } from './boot-fakes';
import { bootTocsin } from './boot-tocsin';
import { SLACK_USERS, slackPolicy } from './policies';

export { slackPolicy };
export const SIGNING_SECRET = SLACK_SIGNING_SECRET;
export const ALICE: string = SLACK_USERS.alice;
export const BOB: string = SLACK_USERS.bob;
export const CAROL: string = SLACK_USERS.carol;

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

/** alice, bob and carol in the fake workspace, with only the scopes manifest.yml asks for, and an #incidents channel: its id. */
function slackWorkspace(slack: FakeSlackWithDms): string {
  slack.addUser({ id: ALICE, name: 'alice', email: 'alice@example.com', real_name: 'Alice Adams' });
  slack.addUser({ id: BOB, name: 'bob', email: 'bob@example.com', real_name: 'Bob Brown' });
  slack.addUser({ id: CAROL, name: 'carol', email: 'carol@example.com', real_name: 'Carol Chen' });
  // The fake grants only what manifest.yml asks for: a call needing more fails the scenario.
  slack.setScopes(parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')).oauth_config.scopes.bot);
  return slack.addChannel({ name: 'incidents' }).id;
}

/**
 * The whole bot (bootTocsin) on a temp SQLite file, Slack in HTTP mode against the fake, workers stepped by hand.
 * Without pacing unless asked: these scenarios make many calls at one instant of a stopped clock.
 */
export async function bootSlackBot(options: { capture?: 'none' | 'all'; startAt?: string; pacing?: boolean; env?: Readonly<Record<string, string>> } = {}): Promise<SlackBot> {
  let announce = '';
  const bot = await bootTocsin({
    clock: options.startAt ?? '2026-01-07T10:00:00.000Z',
    slack: true,
    policy: (fakes) => slackPolicy((announce = slackWorkspace(fakes.slack!.api)), options.capture ?? 'all'),
    env: { TOCSIN_GENERIC_TOKEN: 'generic-secret', ...options.env },
    start: { slackPacing: options.pacing ?? false },
    dirPrefix: 'tocsin-slack-',
  });
  return {
    get running() {
      return bot.running;
    },
    clock: bot.clock,
    slack: bot.fakes.slack!.api,
    signer: new SlackSigner(SIGNING_SECRET, bot.clock),
    announce,
    webhook: bot.webhook,
    async send(request) {
      const res = await fetch(`${bot.url}/slack/events`, request);
      const text = await res.text();
      await bot.running.slack.idle();
      return { status: res.status, text };
    },
    deliver: () => bot.running.slack.worker.drain(),
    async tick() {
      await bot.running.scheduler.runOnce(bot.clock.now());
      await bot.running.slack.worker.drain();
    },
    timeline: bot.timeline,
    async outbox() {
      const rows = await bot.running.ctx.db.kysely.selectFrom('outbox').select(['id', 'kind', 'delivered_at', 'failed_at', 'attempts', 'available_at', 'last_error']).where('platform', '=', 'slack').orderBy('id').execute();
      return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
    },
    restart: () => bot.restart(),
    stop: bot.stop,
  };
}
