// Is dist/ older than the source it was built from? Read by bin/tocsin.mjs (which says so), by
// `npm start` (prestart rebuilds) and by the tests that run the built server (they build first).
// Plain JavaScript: it runs before anything is compiled.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the build is made of: a change to any of these makes dist/ stale. */
export const SOURCES = ['src', 'migrations', 'package.json', 'tools/build.mjs'];
/** Written last by every build: its time is the build's. */
export const STAMP = 'dist/build.json';

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest file under `path` (a file or a directory), as [path, mtime in ms]. */
function newest(path) {
  const own = mtimeMs(path);
  if (own === undefined) return undefined;
  let found = [path, own];
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return found; // a file
  }
  for (const e of entries) {
    const inner = newest(join(path, e.name));
    if (inner && inner[1] > found[1]) found = inner;
  }
  return found;
}

/**
 * Undefined when dist/ is current; otherwise why not: `missing` (never built), or the newest
 * source file changed after the last build. Without src/ (an image with dist/ alone) it is current.
 */
export function staleBuild(root) {
  const built = mtimeMs(join(root, STAMP));
  if (built === undefined) return { reason: 'missing' };
  for (const source of SOURCES) {
    const n = newest(join(root, source));
    if (n && n[1] > built) return { reason: 'changed', file: relative(root, n[0]) };
  }
  return undefined;
}
