import type { NotifyVia } from '../../domain/paging/notify-rule';

/** What the paging use cases know of the environment (main builds it from the validated env). */
export interface PagingSetup {
  /** Channels whose provider is configured; the others are written to the log only (local mode). */
  readonly configured: ReadonlySet<NotifyVia>;
  /** PUBLIC_URL: one-click acknowledge links are made only when it is set. */
  readonly publicUrl?: string;
}

export const LOCAL_PAGING: PagingSetup = { configured: new Set(['chat', 'push']) };
