import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './test/support/closing-line-reporter';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests own real files, ports and PostgreSQL schemas; forks keep native modules isolated.
    pool: 'forks',
    reporters: ['default', new ClosingLineReporter()],
  },
});
