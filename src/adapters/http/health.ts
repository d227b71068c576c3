import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../shared/send-json';

export interface Readiness {
  /** DB reachable and migrations current; false while draining on SIGTERM. */
  check(): Promise<{ ready: boolean; checks: Record<string, boolean | string> }>;
}

export const healthz = (_req: IncomingMessage, res: ServerResponse) => sendJson(res, 200, { status: 'ok' });

export function readyz(readiness: Readiness) {
  return async (_req: IncomingMessage, res: ServerResponse) => {
    const r = await readiness.check().catch((e: unknown) => ({ ready: false, checks: { error: e instanceof Error ? e.message : 'unknown' } }));
    sendJson(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not_ready', checks: r.checks });
  };
}
