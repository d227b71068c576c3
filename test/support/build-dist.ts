import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Global setup of the slow tier: its tests run `tocsin serve` as a child process, the compiled
 * build in dist/ as production runs it (no TypeScript loader), so dist/ is rebuilt first when src/
 * changed since it was built. `npm test` therefore needs no prior build.
 */
export default function buildDist(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['tools/build.mjs', '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building dist/ for the process tests failed (exit ${r.status}):\n${r.stderr}`);
  if (r.stderr) process.stderr.write(r.stderr);
}
