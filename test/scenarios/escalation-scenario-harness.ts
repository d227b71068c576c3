import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/main/cli';
import { start, type Running } from '../../src/main/serve';
import { POLICY } from '../app/escalation/engine-harness';
import { FakeClock } from '../fakes/fake-clock';

export interface Bot {
  readonly running: Running;
  readonly clock: FakeClock;
  /** Stops the bot and starts it again on the same database, its clock at `at` (the time it was down passes). */
  restart(at: string): Promise<void>;
  readonly env: Record<string, string>;
  /** Posts Tocsin's own webhook format, authenticated. */
  webhook(body: Record<string, unknown>): Promise<number>;
  /** Moves the fake clock to `iso` and runs one scheduler round there. */
  tick(iso: string): ReturnType<Running['scheduler']['runOnce']>;
  cli(...argv: string[]): Promise<{ code: number; out: string }>;
  stop(): Promise<void>;
}

type StartOptions = NonNullable<Parameters<typeof start>[1]>;

/**
 * The whole bot on a temporary SQLite file with the escalation tests' policy (or `options.policy`),
 * its scheduler stepped by hand; `options.env` adds to its environment, `options.start` to what it starts with.
 */
export async function bootBot(startAt: string, options: { policy?: string; env?: Record<string, string>; start?: StartOptions } = {}): Promise<Bot> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-esc-'));
  writeFileSync(join(dir, 'tocsin.yml'), options.policy ?? POLICY);
  const env = { DATABASE_URL: `sqlite:${join(dir, 'tocsin.db')}`, TOCSIN_CONFIG: join(dir, 'tocsin.yml'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', TOCSIN_GENERIC_TOKEN: 'generic-secret', PUBLIC_URL: 'https://tocsin.example.com', ...options.env };
  let clock = new FakeClock(startAt);
  let running = await start(env, { ...options.start, clock, startScheduler: false });
  return {
    get running() {
      return running;
    },
    get clock() {
      return clock;
    },
    env,
    async restart(at) {
      await running.stop();
      clock = new FakeClock(at);
      running = await start(env, { ...options.start, clock, startScheduler: false });
    },
    async webhook(body) {
      const res = await fetch(`${running.url}/webhooks/generic`, { method: 'POST', headers: { authorization: 'Bearer generic-secret', 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.arrayBuffer();
      return res.status;
    },
    tick(iso) {
      clock.set(iso);
      return running.scheduler.runOnce(new Date(iso));
    },
    async cli(...argv) {
      const lines: string[] = [];
      const code = await runCli(argv, { out: (t) => lines.push(t), err: (t) => lines.push(t), env: { ...env, TOCSIN_CONFIG: '' }, readFile: () => undefined });
      return { code, out: lines.join('\n') };
    },
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
