import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A bench server process (forked by bench/run.ts): reads each request's body whole, hands it to
 * `handle`, reports its URL to the parent over IPC and stops when told.
 */
export function serveBench(handle: (body: Buffer, res: http.ServerResponse) => void): void {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(Buffer.concat(chunks), res));
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  process.on('message', (m) => {
    if (m === 'stop') server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

export function answerJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
