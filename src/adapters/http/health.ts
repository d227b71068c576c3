import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../shared/send-json';

export interface Readiness {
  /** DB reachable and migrations current; false while draining on SIGTERM. */
  check(): Promise<{ ready: boolean; checks: Record<string, boolean | string> }>;
}

export const healthz = (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 200, { status: 'ok' });

/**
 * 200 when ready, 503 otherwise. A failed check is answered without its message (a driver's error
 * may name hosts, users or worse); `onError` gets the error for the log.
 */
export function readyz(readiness: Readiness, onError?: (error: unknown) => void) {
  return async (_req: IncomingMessage, res: ServerResponse) => {
    const r = await readiness.check().catch((e: unknown) => {
      onError?.(e);
      return { ready: false, checks: { database: false } };
    });
    sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not_ready', checks: r.checks });
  };
}
