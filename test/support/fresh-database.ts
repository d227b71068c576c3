import { afterEach } from 'vitest';
import type { Db } from '../../src/adapters/db/connect';
import type { DialectCase } from './dialects';

/** `open()` gives each test a fresh migrated database of `dialect`, dropped after the test. */
export function freshDatabases(dialect: DialectCase): { open(): Promise<Db> } {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });
  return {
    async open() {
      const opened = await dialect.open();
      cleanup = opened.cleanup;
      return opened.db;
    },
  };
}
