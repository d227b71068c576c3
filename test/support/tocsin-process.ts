import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: `bin/tocsin.mjs` is run from here, as `npx tocsin serve` would be. It runs
 * the compiled build in dist/, which the slow tier's global setup brings up to date first.
 */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The bound on a test that drives child processes: each start loads the whole app (seconds on a
 * busy machine). A bound against hangs, not a target: these tests take 10–30 s on a quiet one.
 */
export const CHILD_TIMEOUT_MS = 120_000;

/** One line the process wrote: the parsed pino record when it is JSON, and the text as written. */
export interface LogLine {
  readonly pid: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly json?: Record<string, any>;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface TocsinProcess {
  readonly pid: number;
  readonly url: string;
  readonly port: number;
  /** Every line written so far, stdout and stderr. */
  readonly lines: LogLine[];
  readonly exited: Promise<Exit>;
  /** Sends a signal and returns at once. */
  signal(signal: NodeJS.Signals): void;
  /** Sends a signal; resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
  /** The first line (already written or still to come) that `match` accepts, within `timeoutMs`. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

const live = new Set<ChildProcess>();
// A test that fails half-way must not leave a server running on the machine.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Runs `node bin/tocsin.mjs serve` (the compiled build) as a child process with exactly `env` (plus PATH and HOME), on
 * 127.0.0.1 and a free port unless `env` says otherwise, and resolves once it listens. A real
 * process, so tests can SIGKILL it mid-write and SIGTERM it mid-request.
 */
export function spawnTocsin(env: Record<string, string>, options: { startTimeoutMs?: number; args?: readonly string[] } = {}): Promise<TocsinProcess> {
  const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env };
  const child = spawn(process.execPath, ['--import', './test/support/exit-with-parent.mjs', 'bin/tocsin.mjs', ...(options.args ?? ['serve'])], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const pid = child.pid!;
  const lines: LogLine[] = [];
  const waiters = new Set<{ match: (l: LogLine) => boolean; found: (l: LogLine) => void }>();
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const take = (stream: LogLine['stream']) => {
    let rest = '';
    return (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      for (const text of parts) {
        if (text === '') continue;
        const line: LogLine = { pid, stream, text, ...parseJson(text) };
        lines.push(line);
        for (const w of waiters) if (w.match(line)) w.found(line);
      }
    };
  };
  child.stdout!.on('data', take('stdout'));
  child.stderr!.on('data', take('stderr'));

  const waitForLine = (match: (l: LogLine) => boolean, timeoutMs = 60_000): Promise<LogLine> => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        waiters.delete(waiter);
        outcome();
      };
      const lastLines = () => lines.slice(-15).map((l) => l.text).join('\n');
      const waiter = { match, found: (l: LogLine) => settle(() => resolve(l)) };
      const timer = setTimeout(() => settle(() => reject(new Error(`pid ${pid}: no such line within ${timeoutMs} ms; last lines:\n${lastLines()}`))), timeoutMs);
      waiters.add(waiter);
      void exited.then((e) => settle(() => reject(new Error(`pid ${pid} exited (${e.code ?? e.signal}) before the line came; last lines:\n${lastLines()}`))));
    });
  };

  return waitForLine((l) => typeof l.json?.url === 'string' && /listening/.test(String(l.json.msg)), options.startTimeoutMs ?? 90_000).then((ready) => {
    const url = String(ready.json!.url);
    return {
      pid,
      url,
      port: Number(new URL(url).port),
      lines,
      exited,
      waitForLine,
      signal(signal) {
        child.kill(signal);
      },
      kill(signal) {
        child.kill(signal);
        return exited;
      },
    };
  });
}

function parseJson(text: string): { json?: Record<string, any> } {
  if (!text.startsWith('{')) return {};
  try {
    return { json: JSON.parse(text) as Record<string, any> };
  } catch {
    return {};
  }
}
