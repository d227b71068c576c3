import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { sendJson } from '../shared/send-json';
import { methodNotAllowed, notFound, type Router } from './router';

export interface HttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /**
   * Graceful shutdown: stops accepting connections at once, answers the requests already on open
   * connections (each with `Connection: close`, so the sender reconnects elsewhere) and resolves
   * when the last one is done, or after `graceMs` by cutting whatever is left.
   */
  close(graceMs?: number): Promise<void>;
}

export interface ServerOptions {
  /** Whole request, headers and body; a slow uploader is cut off after it (default 30 s). */
  readonly requestTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly maxHeaderSize?: number;
  readonly maxHeadersCount?: number;
}

/** What every listener gets unless told otherwise: well under what a slowloris needs, well over what a sender uses. */
export const LISTENER_LIMITS = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, maxHeaderSize: 16 * 1024, maxHeadersCount: 100, keepAliveMs: 65_000 } as const;

export function createHttpServer(router: Router, log: Logger, options: ServerOptions = {}): HttpServer {
  let closing = false;
  // Answers still to be sent: on close each gets `Connection: close`, so its connection ends with it.
  const unanswered = new Set<ServerResponse>();
  const requestTimeout = options.requestTimeoutMs ?? LISTENER_LIMITS.requestTimeoutMs;
  const headersTimeout = options.headersTimeoutMs ?? LISTENER_LIMITS.headersTimeoutMs;
  const server = createServer(
    {
      maxHeaderSize: options.maxHeaderSize ?? LISTENER_LIMITS.maxHeaderSize,
      requestTimeout,
      headersTimeout,
      // Node checks the two timeouts above on this interval (30 s by default, which doubles them):
      // every second, or a quarter of the shorter timeout when that is shorter still (0 turns one off).
      connectionsCheckingInterval: Math.max(10, Math.floor(Math.min(4_000, ...[requestTimeout, headersTimeout].filter((t) => t > 0)) / 4)),
    },
    (req, res) => {
      if (closing) res.setHeader('Connection', 'close');
      unanswered.add(res);
      res.once('close', () => unanswered.delete(res));
      void handle(router, log, req, res);
    },
  );
  server.maxHeadersCount = options.maxHeadersCount ?? LISTENER_LIMITS.maxHeadersCount;
  // Longer than the idle timeout of common load balancers (60 s), so they close first, never us mid-request.
  server.keepAliveTimeout = LISTENER_LIMITS.keepAliveMs;
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const a = server.address() as AddressInfo;
          const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          resolve({ port: a.port, url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${a.port}` });
        });
      }),
    close: (graceMs = 25_000) =>
      new Promise((resolve) => {
        closing = true;
        for (const res of unanswered) if (!res.headersSent) res.setHeader('Connection', 'close');
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function handle(router: Router, log: Logger, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://tocsin.invalid');
  } catch {
    sendJson(res, 400, { error: 'bad_request', message: 'malformed request target' });
    return;
  }
  const handler = router.find(req.method ?? 'GET', url.pathname);
  if (handler === undefined) return notFound(res);
  if (handler === 'wrong-method') return methodNotAllowed(res);
  try {
    await handler(req, res, url);
  } catch (e) {
    // A bug, not an expected failure: log it (never the request body, it may carry secrets) and
    // answer 500 if nothing was sent yet.
    log.error({ err: e, path: url.pathname }, 'request handler failed');
    if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'internal error' });
    else res.destroy();
  }
}
