import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { sendJson } from '../shared/send-json';
import { methodNotAllowed, notFound, type Router } from './router';

export interface HttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /** Stops taking connections and waits for requests in flight (graceful shutdown). */
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly requestTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly maxHeaderSize?: number;
}

export function createHttpServer(router: Router, log: Logger, options: ServerOptions = {}): HttpServer {
  const server = createServer({ maxHeaderSize: options.maxHeaderSize ?? 16 * 1024, requestTimeout: options.requestTimeoutMs ?? 30_000, headersTimeout: options.headersTimeoutMs ?? 10_000 }, (req, res) => void handle(router, log, req, res));
  server.keepAliveTimeout = 65_000;
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
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
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
