import type { ServerResponse } from 'node:http';

export interface SendJsonOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Set when the request body was not read to its end (refused early): the connection is closed
   * after the answer, so Node does not drain the rest of an oversized or unauthenticated upload.
   */
  readonly closeConnection?: boolean;
}

/** Writes `body` as JSON with `status`. A second answer to the same response is ignored. */
export function sendJson(res: ServerResponse, status: number, body: unknown, options: SendJsonOptions = {}): void {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  if (options.closeConnection) res.setHeader('Connection', 'close');
  res.end(text);
}
