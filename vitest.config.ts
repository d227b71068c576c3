import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './test/support/closing-line-reporter.ts';

/**
 * Two tiers, one config. `npm test` runs both projects (what CI runs); `npm run test:fast` runs the
 * `fast` project alone, for the edit-run loop: everything except tests that start processes, kill
 * them, run real Alertmanager or replicas, or hammer the server with hostile load.
 */
const SLOW = ['test/faults/**/*.test.ts', 'test/hostile/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/integration/ha-*.test.ts', 'test/integration/replicas-*.test.ts', 'test/processes/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests own real files, ports and PostgreSQL schemas; forks keep native modules isolated.
    pool: 'forks',
    reporters: ['default', new ClosingLineReporter()],
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW } },
      // The slow tier spawns the compiled `tocsin`: built first when stale (test/support/build-dist.ts).
      { extends: true, test: { name: 'slow', include: SLOW, globalSetup: ['test/support/build-dist.ts'] } },
    ],
  },
});
