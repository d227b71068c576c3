import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, type Running } from '../../src/main/serve';
import { FakeClock } from '../fakes/fake-clock';
import { FakeSlackWithDms } from '../adapters/slack/fake-slack-with-dms';
import { SlackSigner, type SignedSlackRequest } from '../fakes/slack-signer';
import { SIGNING_SECRET, slackBotEnv } from './slack-harness';

export const TEAMS = ['web', 'db', 'net', 'pay', 'auth'] as const;
export type Team = (typeof TEAMS)[number];

/** Slack id of the person on call for a team's service. */
export const slackIdOf = (team: Team): string => `U0${team.toUpperCase().padEnd(7, '0')}`;

/**
 * One service per team, each with its own on-call person, escalation (page at once) and announce
 * channel; alerts are routed by their `team` label. `storm` is each service's `storm:` block.
 */
function stormPolicy(announce: Readonly<Record<Team, string>>, storm: string | undefined): string {
  const each = (f: (t: Team) => string) => TEAMS.map(f).join('\n');
  return `
timezone: UTC
people:
${each((t) => `  - { id: ${t}-oncall, name: ${t} on call, email: ${t}@example.com, slack: ${slackIdOf(t)} }`)}
rotations:
${each((t) => `  - { id: ${t}, timezone: UTC, period: weekly, handoff: { weekday: mon, time: "09:00" }, start: 2026-01-05, members: [${t}-oncall] }`)}
escalation_policies:
${each((t) => `  - { id: ${t}, steps: [{ after: 0s, notify: [{ rotation: ${t} }] }] }`)}
services:
${each((t) => `  - { id: ${t}, escalation_policy: ${t},${storm ? ` storm: ${storm},` : ''} chat: [{ platform: slack, channel_prefix: ${t}, announce_channel: ${announce[t]} }] }`)}
integrations:
  - { id: generic, kind: generic, token_env: TOCSIN_GENERIC_TOKEN, service: web }
routes:
${each((t) => `  - { match: ['team="${t}"'], service: ${t} }`)}
`;
}

export interface StormBot {
  readonly running: Running;
  readonly clock: FakeClock;
  readonly slack: FakeSlackWithDms;
  readonly announce: Readonly<Record<Team, string>>;
  /** A new incident on `team`'s service (or, with `action`, a change to it); answers the HTTP status. */
  trigger(team: Team, key: string, action?: 'trigger' | 'resolve'): Promise<number>;
  /** Runs the page lane, then the other lane, until neither has anything due now. */
  deliver(): Promise<void>;
  readonly signer: SlackSigner;
  /** A signed request to POST /slack/events (a slash command, a button); waits for the work started after the ack. */
  send(request: SignedSlackRequest): Promise<number>;
  /** One scheduler round at the clock's time (timers due), then delivery. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** The whole bot on SQLite against a fake Slack that rate-limits like Slack's tiers, workers stepped by hand. */
export async function bootStormBot(options: { storm?: string; startAt?: string } = {}): Promise<StormBot> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-storm-'));
  const clock = new FakeClock(options.startAt ?? '2026-01-07T10:00:00.000Z');
  const slack = new FakeSlackWithDms({ clock, rateLimits: true });
  const apiUrl = await slack.start();
  for (const t of TEAMS) slack.addUser({ id: slackIdOf(t), name: `${t}-oncall`, email: `${t}@example.com` });
  const announce = Object.fromEntries(TEAMS.map((t) => [t, slack.addChannel({ name: `${t}-incidents` }).id])) as Record<Team, string>;
  writeFileSync(join(dir, 'tocsin.yml'), stormPolicy(announce, options.storm));
  const running = await start(slackBotEnv(dir, slack.botToken, apiUrl), { clock, startScheduler: false });
  return {
    running,
    clock,
    slack,
    announce,
    async trigger(team, key, action = 'trigger') {
      const body = { dedup_key: key, action, title: `${team} alert ${key}`, severity: 'sev2', labels: { team } };
      const res = await fetch(`${running.url}/webhooks/generic`, { method: 'POST', headers: { authorization: 'Bearer generic-secret', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      return res.status;
    },
    async deliver() {
      while ((await running.slack.worker.drain()) > 0);
    },
    signer: new SlackSigner(SIGNING_SECRET, clock),
    async send(request) {
      const res = await fetch(`${running.url}/slack/events`, request);
      await res.arrayBuffer();
      await running.slack.idle();
      return res.status;
    },
    async tick() {
      await running.scheduler.runOnce(clock.now());
      while ((await running.slack.worker.drain()) > 0);
    },
    async stop() {
      await running.stop();
      await slack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
