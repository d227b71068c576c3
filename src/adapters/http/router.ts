import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../shared/send-json';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

interface Entry {
  readonly method: string;
  readonly path: string | RegExp;
  readonly handler: Handler;
}

/**
 * Exact paths and a few patterns, looked up per request. No framework: the webhook path has a
 * throughput target that frameworks with body parsers and middleware chains do not meet.
 */
export class Router {
  private readonly exact = new Map<string, Handler>();
  private readonly patterns: Entry[] = [];
  private readonly paths = new Set<string>();

  on(method: string, path: string | RegExp, handler: Handler): this {
    if (typeof path === 'string') {
      this.exact.set(`${method} ${path}`, handler);
      this.paths.add(path);
    } else this.patterns.push({ method, path, handler });
    return this;
  }

  find(method: string, pathname: string): Handler | 'wrong-method' | undefined {
    const hit = this.exact.get(`${method} ${pathname}`) ?? this.patterns.find((p) => p.method === method && (p.path as RegExp).test(pathname))?.handler;
    if (hit) return hit;
    if (this.paths.has(pathname) || this.patterns.some((p) => (p.path as RegExp).test(pathname))) return 'wrong-method';
    return undefined;
  }
}

export function notFound(res: ServerResponse): void {
  sendJson(res, 404, { error: 'not_found', message: 'no such endpoint' });
}

export function methodNotAllowed(res: ServerResponse): void {
  sendJson(res, 405, { error: 'method_not_allowed', message: 'this endpoint does not take that method' });
}
