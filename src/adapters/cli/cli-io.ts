import type { Clock } from '../../app/ports/clock';
import type { Store } from '../../app/ports/store';
import type { PagingSetup } from '../../app/paging/paging-setup';

/** What the CLI needs from the outside; main provides it, tests provide their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): string | undefined;
}

export interface CliServices {
  readonly store: Store;
  readonly clock: Clock;
  /** Which paging providers the environment configures (`tocsin page test`, `/oncall test`). */
  readonly paging?: PagingSetup;
}

/** Exit codes: 0 fine, 1 a check failed or a thing was not found, 2 the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
