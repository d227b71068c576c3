#!/usr/bin/env node
// The `tocsin` command: runs the compiled build in dist/ (`npm run build`, done by `npm install`).
// No TypeScript loader at run time; stack traces point into src/ through the source maps.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { staleBuild } from '../tools/stale-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.setSourceMapsEnabled(true);

// Whoever edits src/ must not run the old code without knowing: said on stderr, stdout stays the answer.
const stale = existsSync(`${root}src`) ? staleBuild(root) : undefined;
if (stale?.reason === 'missing') {
  console.error('tocsin: dist/ is missing; build it with `npm run build` (npm install does it)');
  process.exit(1);
}
if (stale) console.error(`tocsin: dist/ is older than ${stale.file}: running the previous build; \`npm run build\` (or npm start) rebuilds it`);

const { runCli } = await import('../dist/main.js');
process.exitCode = await runCli(process.argv.slice(2));
