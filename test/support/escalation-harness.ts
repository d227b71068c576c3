import { runCli } from '../../src/main/cli';
import type { Running } from '../../src/main/serve';
import { POLICY } from './engine-harness';
import { FakeClock } from '../fakes/fake-clock';
import { bootTocsin, type Fakes, type StartOptions } from './boot-tocsin';

export interface Bot {
  readonly running: Running;
  readonly clock: FakeClock;
  /** Stops the bot and starts it again on the same database, its clock at `at` (the time it was down passes). */
  restart(at: string): Promise<void>;
  readonly env: Record<string, string>;
  /** The provider fakes (Twilio, ntfy, SMTP) when booted with `providers`. */
  readonly fakes: Fakes;
  /** Posts Tocsin's own webhook format, authenticated. */
  webhook(body: Record<string, unknown>): Promise<number>;
  /** Moves the fake clock to `iso` and runs one scheduler round there. */
  tick(iso: string): ReturnType<Running['scheduler']['runOnce']>;
  cli(...argv: string[]): Promise<{ code: number; out: string }>;
  stop(): Promise<void>;
}

/**
 * The whole bot (bootTocsin) on a temporary SQLite file with the escalation tests' policy (or `options.policy`),
 * its scheduler stepped by hand; `options.env` adds to its environment, `options.start` to what it starts with.
 */
export async function bootBot(startAt: string, options: { policy?: string; env?: Record<string, string>; start?: StartOptions; providers?: boolean } = {}): Promise<Bot> {
  const bot = await bootTocsin({
    clock: startAt,
    policy: options.policy ?? POLICY,
    env: { TOCSIN_GENERIC_TOKEN: 'generic-secret', PUBLIC_URL: 'https://tocsin.example.com', ...options.env },
    ...(options.start ? { start: options.start } : {}),
    providers: options.providers ?? false,
    dirPrefix: 'tocsin-esc-',
  });
  return {
    get running() {
      return bot.running;
    },
    get clock() {
      return bot.clock;
    },
    env: bot.env,
    fakes: bot.fakes,
    restart: (at) => bot.restart({ clock: new FakeClock(at) }),
    webhook: bot.webhook,
    tick(iso) {
      bot.clock.set(iso);
      return bot.running.scheduler.runOnce(new Date(iso));
    },
    async cli(...argv) {
      const lines: string[] = [];
      const code = await runCli(argv, { out: (t) => lines.push(t), err: (t) => lines.push(t), env: { ...bot.env, TOCSIN_CONFIG: '' }, readFile: () => undefined });
      return { code, out: lines.join('\n') };
    },
    stop: bot.stop,
  };
}
