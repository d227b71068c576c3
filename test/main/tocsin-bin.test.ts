import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/tocsin-process';

// bin/tocsin.mjs runs the compiled build, and nobody runs stale code without being told: it says
// so when a source file changed after dist/ was built, and refuses when there is no build at all.
// Run in a copy of the repository's layout with a stand-in build, so the real dist/ is not touched.

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

const HOUR = 3600;

function layout(options: { built: boolean }): string {
  root = mkdtempSync(join(tmpdir(), 'tocsin-bin-'));
  for (const dir of ['bin', 'tools', 'src/main', 'migrations', 'dist']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'bin/tocsin.mjs'), join(root, 'bin/tocsin.mjs'));
  copyFileSync(join(REPO_ROOT, 'tools/stale-build.mjs'), join(root, 'tools/stale-build.mjs'));
  writeFileSync(join(root, 'src/main/cli.ts'), '// source\n');
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'dist/main.js'), 'export async function runCli(argv) { console.log(`ran ${argv.join(" ")}`); return 0; }\n');
  const past = Date.now() / 1000 - 2 * HOUR;
  for (const file of ['src/main/cli.ts', 'src/main', 'src', 'package.json', 'migrations', 'tools/stale-build.mjs']) utimesSync(join(root, file), past, past);
  if (options.built) {
    writeFileSync(join(root, 'dist/build.json'), '{}\n');
    utimesSync(join(root, 'dist/build.json'), past + HOUR, past + HOUR);
  }
  return root;
}

const run = (...argv: string[]) => spawnSync(process.execPath, [join(root, 'bin/tocsin.mjs'), ...argv], { cwd: root, encoding: 'utf8' });

describe('bin/tocsin.mjs', () => {
  it('runs the build quietly when it is newer than every source file', () => {
    layout({ built: true });
    const r = run('oncall', '--json');
    expect({ status: r.status, out: r.stdout, err: r.stderr }).toEqual({ status: 0, out: 'ran oncall --json\n', err: '' });
  });

  it('says on stderr which source changed after the build, and still answers on stdout', () => {
    layout({ built: true });
    writeFileSync(join(root, 'src/main/cli.ts'), '// edited\n');
    const r = run('oncall');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('ran oncall\n');
    expect(r.stderr).toMatch(/dist\/ is older than src\/main\/cli\.ts: running the previous build; `npm run build` \(or npm start\) rebuilds it/);
  });

  it('refuses to run without a build, and says how to make one', () => {
    layout({ built: false });
    const r = run('oncall');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/dist\/ is missing; build it with `npm run build`/);
  });
});
