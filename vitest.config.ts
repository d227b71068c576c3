import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './test/support/closing-line-reporter.ts';

/**
 * Two tiers, one config. `npm test` runs both projects (what CI runs); `npm run test:fast` runs the
 * `fast` project alone, for the edit-run loop: everything except tests that start processes, kill
 * them, run real Alertmanager, Chromium or replicas, or hammer the server with hostile load.
 */
const SLOW = ['test/faults/**/*.test.ts', 'test/hostile/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/integration/ha-*.test.ts', 'test/integration/replicas-*.test.ts', 'test/processes/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/main/*-lazy-loading.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests own real files, ports and PostgreSQL schemas; forks keep native modules isolated.
    pool: 'forks',
    // Transformed modules kept on disk between runs (node_modules/.experimental-vitest-cache, keyed by
    // content): the edit-run loop's second run transforms only what changed (transform 7.9 s → 2.2 s).
    experimental: { fsModuleCache: true },
    reporters: ['default', new ClosingLineReporter()],
    projects: [
      // One module graph per worker for the fast files: importing the stacks again for each file
      // was over half the CPU of the tier (163 s → 79 s of CPU for 1,289 tests). Tests that
      // share module state would see each other here: keep state in what a test creates (the
      // lazy-loading tests watch which modules a fresh process loads, so they run in the slow tier).
      // Two workers on two cores: a fast file spends much of its time waiting on PostgreSQL, and the
      // default (cores − 1) ran the files one at a time (143 s → 97 s wall; three workers: also 97 s).
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW, isolate: false, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      // The slow tier spawns the compiled `tocsin`: built first when stale (test/support/build-dist.ts).
      // It runs after the fast one, one file at a time (cores − 1): its files time replicas and kills.
      { extends: true, test: { name: 'slow', include: SLOW, globalSetup: ['test/support/build-dist.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
