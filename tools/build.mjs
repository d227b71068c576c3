// `npm run build` (run by `npm install`/`npm ci` through `prepare`, and by `npm start` through
// `prestart` when src/ changed): bundles src/main.ts with esbuild into dist/, ESM, with source maps.
// Dynamic imports stay separate chunks, so a command loads only what it uses.
// `--if-stale`: build only when dist/ is missing or older than its sources.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { STAMP, staleBuild } from './stale-build.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outdir = join(root, 'dist');

/**
 * Pure-JavaScript libraries made of many small modules are bundled: loading kysely's and zod's
 * hundreds of files one by one was most of a CLI command's start. Everything else stays in
 * node_modules and is imported from there at run time: native better-sqlite3, the database
 * drivers, the chat and mail SDKs, and pino and node-cron, which start threads or processes by file path.
 */
const BUNDLED = new Set(['kysely', 'zod', 'yaml', 'luxon', 're2js', 'prom-client']);

function externalPackages() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !BUNDLED.has(name));
}

function previousOutputs() {
  try {
    return JSON.parse(readFileSync(join(root, STAMP), 'utf8')).outputs ?? [];
  } catch {
    return [];
  }
}

/**
 * Chunk names carry a hash of their content, and a running server may still import a chunk of the
 * build it started from (a chat stack loaded on first use): the files of this build and of the one
 * before stay, older ones go.
 */
function prune(keep) {
  const kept = new Set(keep);
  for (const entry of readdirSync(outdir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = relative(root, join(entry.parentPath, entry.name));
    if (!kept.has(file) && file !== STAMP) rmSync(join(root, file));
  }
}

export async function buildDist() {
  const started = performance.now();
  const before = previousOutputs();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outdir: 'dist',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: externalPackages(),
    // Bundled CommonJS packages (yaml) require Node's built-ins: give ESM chunks a `require`.
    banner: { js: "import { createRequire as __tocsinCreateRequire } from 'node:module'; const require = __tocsinCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    // Stack traces need the mappings only; the sources are src/ itself.
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs);
  prune([...outputs, ...before]);
  writeFileSync(join(root, STAMP), `${JSON.stringify({ builtAt: new Date().toISOString(), outputs }, null, 2)}\n`);
  return { outputs, ms: performance.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stale = staleBuild(root);
  if (process.argv.includes('--if-stale') && !stale) process.exit(0);
  const { outputs, ms } = await buildDist();
  const why = stale?.reason === 'changed' ? ` (${stale.file} changed)` : '';
  console.error(`tocsin: built dist/ in ${ms.toFixed(0)} ms, ${outputs.length} files${why}`);
}
