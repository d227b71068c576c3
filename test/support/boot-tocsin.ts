import { Writable } from 'node:stream';
import { createLogger } from '../../src/adapters/shared/logger';
import type { Clock } from '../../src/app/ports/clock';
import type { TimelineEntry } from '../../src/domain/timeline/timeline-entry';
import { start, type Running } from '../../src/main/serve';
import { FakeClock } from '../fakes/fake-clock';
import type { FakeSlackApiOptions } from '../fakes/fake-slack-api';
import { SlackFakes, TeamsFakes, type FakeFamily, type StartOptions, type TeamsFakesOptions } from './boot-fakes';
import type { ProviderFakes } from './provider-fakes';
import { prepareTocsin, type PolicySource, type SetupOptions, type TocsinSetup } from './tocsin-setup';

export { bootTocsinProcess, type TocsinProcessBoot } from './boot-tocsin-process';
export type { PolicySource, StartOptions };

/** The fakes a boot started, by family (only those asked for). */
export interface Fakes {
  readonly slack?: SlackFakes;
  readonly teams?: TeamsFakes;
  readonly providers?: ProviderFakes;
}

export interface BootOptions<C extends Clock = FakeClock> extends Omit<SetupOptions, 'policy'> {
  /** The bot's clock, or the instant a new FakeClock starts at (default 2026-01-05T08:00:00.000Z); the fakes share it. */
  readonly clock?: NoInfer<C> | string;
  /** The policy, or a function of the started fakes (a Slack channel's id, say) giving it. */
  readonly policy?: PolicySource | ((fakes: Fakes) => PolicySource);
  /** What `start()` gets beside the clock (pacing, paging providers, …); the scheduler stays stopped unless `startScheduler`. */
  readonly start?: StartOptions;
  /** Capture the log at this level as parsed records in `logs` (otherwise LOG_LEVEL, default silent). */
  readonly logs?: string;
  readonly slack?: boolean | Omit<FakeSlackApiOptions, 'clock'>;
  readonly teams?: TeamsFakes | TeamsFakesOptions;
  /** Twilio, ntfy and SMTP fakes, with the environment that reaches them. */
  readonly providers?: boolean;
}

export interface Answer {
  readonly status: number;
  readonly text: string;
  /** The JSON answer, or the text when it is not JSON. */
  readonly body: any;
}

export interface BootedTocsin<C extends Clock = FakeClock> {
  /** The running bot (a new one after `restart`). */
  readonly running: Running;
  readonly url: string;
  readonly clock: C;
  readonly setup: TocsinSetup;
  readonly env: Record<string, string>;
  readonly fakes: Fakes;
  readonly logs: { level: number; msg: string; [k: string]: unknown }[];
  /** POSTs `body` (JSON unless already a string or bytes) to `path` of the bot. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Tocsin's own webhook format to /webhooks/generic, with TOCSIN_GENERIC_TOKEN; answers the status. */
  webhook(body: Record<string, unknown>): Promise<number>;
  timeline(number: number): Promise<readonly TimelineEntry[]>;
  /** Stops the bot and starts it again on the same database (with another clock if given); the fakes keep their state. */
  restart(options?: { clock?: C }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Tocsin in this process, as `tocsin serve` runs it (HTTP on 127.0.0.1, port 0), on the policy and
 * database of prepareTocsin, with a fake clock, the chat and provider fakes asked for, and the
 * scheduler and outbox workers stopped: the test steps them (`running.scheduler.runOnce`,
 * `running.slack.worker.drain()`).
 */
export async function bootTocsin<C extends Clock = FakeClock>(options: BootOptions<C> = {}): Promise<BootedTocsin<C>> {
  let clock = (typeof options.clock === 'object' ? options.clock : new FakeClock(options.clock ?? '2026-01-05T08:00:00.000Z')) as C;
  const fakeClock = clock as unknown as FakeClock;
  const slackOptions = typeof options.slack === 'object' ? options.slack : {};
  const fakes: Fakes = {
    ...(options.slack ? { slack: new SlackFakes(fakeClock, slackOptions) } : {}),
    ...(options.teams ? { teams: options.teams instanceof TeamsFakes ? options.teams : new TeamsFakes(fakeClock, options.teams) } : {}),
    ...(options.providers ? { providers: new (await import('./provider-fakes')).ProviderFakes() } : {}),
  };
  const families: FakeFamily[] = [fakes.slack, fakes.teams, fakes.providers].filter((f) => f !== undefined);
  const started = await Promise.all(families.map((f) => f.start()));
  const policy = typeof options.policy === 'function' ? options.policy(fakes) : options.policy;
  const fakeEnv = Object.assign({}, ...started.map((s) => s.env)) as Record<string, string>;
  const setup = prepareTocsin({ ...options, policy, env: { LOG_LEVEL: 'silent', ...fakeEnv, ...options.env } });
  const logs: BootedTocsin['logs'] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const startOptions: StartOptions = Object.assign({}, ...started.map((s) => s.start ?? {}), options.start, options.logs ? { log: createLogger(options.logs, sink) } : {});
  const boot = () => start(setup.env, { startScheduler: false, ...startOptions, clock });
  let running = await boot();
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    const res = await fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    const text = await res.text();
    return { status: res.status, text, body: parseOrText(text) };
  };
  return {
    get running() {
      return running;
    },
    get url() {
      return running.url;
    },
    get clock() {
      return clock;
    },
    setup,
    env: setup.env,
    fakes,
    logs,
    post,
    async webhook(body) {
      return (await post('/webhooks/generic', body, { authorization: `Bearer ${setup.env.TOCSIN_GENERIC_TOKEN}` })).status;
    },
    async timeline(number) {
      const incident = await running.ctx.store.read.incidents.byNumber(number);
      return incident ? running.ctx.store.read.timeline.list(incident.id) : [];
    },
    async restart(again = {}) {
      await running.stop();
      clock = again.clock ?? clock;
      running = await boot();
    },
    async stop() {
      await running.stop();
      await Promise.all(families.map((f) => f.stop()));
      await setup.cleanup();
    },
  };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
