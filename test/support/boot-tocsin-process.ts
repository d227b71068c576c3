import { prepareTocsin, type SetupOptions, type TocsinSetup } from './tocsin-setup';
import { spawnTocsin, type TocsinProcess } from './tocsin-process';

export interface ProcessBootOptions extends SetupOptions {
  /** How many processes start at once on the installation (default 1; 0 starts none). */
  readonly count?: number;
  /** Arguments of `bin/tocsin.mjs` (default `serve`). */
  readonly args?: readonly string[];
  readonly startTimeoutMs?: number;
}

export interface TocsinProcessBoot {
  readonly setup: TocsinSetup;
  readonly env: Record<string, string>;
  /** Every process started so far; `processes[0]` is the first. */
  readonly processes: TocsinProcess[];
  /** The first process. */
  readonly process: TocsinProcess;
  /** Starts one more process on the same installation (its environment plus `env`). */
  spawn(env?: Record<string, string>): Promise<TocsinProcess>;
  /** SIGKILLs what still runs, then removes the files (and the PostgreSQL schema). */
  stop(): Promise<void>;
}

/**
 * Tocsin as child processes running the compiled build (`node bin/tocsin.mjs serve`, the slow
 * tier): the same installation as bootTocsin (policy, database, environment), so tests can
 * SIGKILL, SIGTERM and restart real processes, or run several replicas on one database.
 */
export async function bootTocsinProcess(options: ProcessBootOptions = {}): Promise<TocsinProcessBoot> {
  const setup = prepareTocsin({ dirPrefix: 'tocsin-proc-', ...options });
  const processes: TocsinProcess[] = [];
  const spawnOne = async (env: Record<string, string> = {}) => {
    const child = await spawnTocsin({ ...setup.env, ...env }, { ...(options.args ? { args: options.args } : {}), ...(options.startTimeoutMs ? { startTimeoutMs: options.startTimeoutMs } : {}) });
    processes.push(child);
    return child;
  };
  const boot: TocsinProcessBoot = {
    setup,
    env: setup.env,
    processes,
    get process() {
      const first = processes[0];
      if (!first) throw new Error('no Tocsin process was started');
      return first;
    },
    spawn: spawnOne,
    async stop() {
      await Promise.all(processes.map((p) => p.kill('SIGKILL')));
      await setup.cleanup();
    },
  };
  try {
    await Promise.all(Array.from({ length: options.count ?? 1 }, () => spawnOne()));
  } catch (e) {
    await boot.stop();
    throw e;
  }
  return boot;
}
