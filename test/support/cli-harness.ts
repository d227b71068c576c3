import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/adapters/cli/cli-io';
import { runCli } from '../../src/main';
import { writePolicyDir } from './policy-fixture';
import type { PolicySource } from './tocsin-setup';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `tocsin …` in-process against its own temp SQLite file, capturing what it prints; with
 * `policy`, the directory holds it as `tocsin.yml` (`policyFile`), for `tocsin apply`.
 */
export function cliHarness(extraEnv: Record<string, string> = {}, policy?: PolicySource) {
  const written = policy === undefined ? undefined : writePolicyDir(policy, 'tocsin-cli-');
  const dir = written?.dir ?? mkdtempSync(join(tmpdir(), 'tocsin-cli-'));
  const env: Record<string, string | undefined> = { DATABASE_URL: `sqlite:${join(dir, 'tocsin.db')}`, LOG_LEVEL: 'silent', ...extraEnv };
  return {
    dir,
    env,
    policyFile: join(dir, 'tocsin.yml'),
    async run(...argv: string[]): Promise<CliRun> {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };
      const code = await runCli(argv, io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
