import { vi } from 'vitest';

/**
 * Notes which of `ids` are imported from now on: each gets a mock that records the load and hands
 * over the real module. Call it before importing the code under test (dynamically). Paths of
 * Tocsin's own files are written as from a test two folders down (`../../src/…`), as this one is.
 */
export function watchLoads(ids: readonly string[]): Set<string> {
  const loaded = new Set<string>();
  for (const id of ids) {
    vi.doMock(id, async (importOriginal) => {
      loaded.add(id);
      return importOriginal();
    });
  }
  return loaded;
}
