import type { Running } from '../../src/main/serve';
import type { FakeClock } from '../fakes/fake-clock';
import type { FakeSlackWithDms } from '../fakes/fake-slack-with-dms';
import { SlackSigner, type SignedSlackRequest } from '../fakes/slack-signer';
import { bootTocsin } from '../support/boot-tocsin';
import { SIGNING_SECRET } from '../support/slack-harness';
import { slackIdOf, STORM_TEAMS, stormPolicy, type StormTeam } from '../support/policies';
import type { Fields } from '../support/policy-fixture';

export { slackIdOf };
export const TEAMS = STORM_TEAMS;
export type Team = StormTeam;

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

/** The whole bot (bootTocsin) on SQLite against a fake Slack that rate-limits like Slack's tiers, workers stepped by hand; `storm` is each service's `storm:` block. */
export async function bootStormBot(options: { storm?: Fields; startAt?: string } = {}): Promise<StormBot> {
  let announce = {} as Record<Team, string>;
  const bot = await bootTocsin({
    clock: options.startAt ?? '2026-01-07T10:00:00.000Z',
    slack: { rateLimits: true },
    policy: ({ slack }) => {
      for (const t of TEAMS) slack!.api.addUser({ id: slackIdOf(t), name: `${t}-oncall`, email: `${t}@example.com` });
      announce = Object.fromEntries(TEAMS.map((t) => [t, slack!.api.addChannel({ name: `${t}-incidents` }).id])) as Record<Team, string>;
      return stormPolicy(announce, options.storm);
    },
    env: { TOCSIN_GENERIC_TOKEN: 'generic-secret' },
    dirPrefix: 'tocsin-storm-',
  });
  return {
    running: bot.running,
    clock: bot.clock,
    slack: bot.fakes.slack!.api,
    announce,
    trigger: (team, key, action = 'trigger') => bot.webhook({ dedup_key: key, action, title: `${team} alert ${key}`, severity: 'sev2', labels: { team } }),
    async deliver() {
      while ((await bot.running.slack.worker.drain()) > 0);
    },
    signer: new SlackSigner(SIGNING_SECRET, bot.clock),
    async send(request) {
      const res = await fetch(`${bot.url}/slack/events`, request);
      await res.arrayBuffer();
      await bot.running.slack.idle();
      return res.status;
    },
    async tick() {
      await bot.running.scheduler.runOnce(bot.clock.now());
      while ((await bot.running.slack.worker.drain()) > 0);
    },
    stop: bot.stop,
  };
}
