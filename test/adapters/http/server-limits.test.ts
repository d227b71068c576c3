import net from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Router } from '../../../src/adapters/http/router';
import { createHttpServer, type HttpServer } from '../../../src/adapters/http/server';

// The listener's own limits, on a real socket: a client that trickles its headers or its body is
// answered 408 and cut off (slowloris), and a graceful close finishes what is in flight, closes idle
// keep-alive connections, and cuts what outlives the grace period.

const silent = pino({ level: 'silent' });
let server: HttpServer | undefined;

afterEach(async () => {
  server?.server.closeAllConnections();
  await server?.close(0);
  server = undefined;
});

/** A raw connection: write what you like, read everything the server says until it hangs up. */
function rawClient(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (c) => (received += c.toString('latin1')));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  socket.on('error', () => undefined);
  return { socket, closed, get received() {
    return received;
  } };
}

async function listen(router: Router, options: Parameters<typeof createHttpServer>[2] = {}): Promise<number> {
  server = createHttpServer(router, silent, options);
  return (await server.listen(0, '127.0.0.1')).port;
}

describe('listener limits', () => {
  it('answers 408 and hangs up on headers that never finish', async () => {
    const port = await listen(new Router().on('GET', '/healthz', (_q, r) => r.end('ok')), { headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const client = rawClient(port);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const started = Date.now();
    expect(await client.closed).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 408 and hangs up on a body that trickles past the request timeout', async () => {
    const port = await listen(new Router().on('POST', '/in', (req, res) => req.resume().on('end', () => res.end('done'))), { headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const client = rawClient(port);
    client.socket.write('POST /in HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"a":');
    expect(await client.closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses headers over the size limit with 431', async () => {
    const port = await listen(new Router().on('GET', '/healthz', (_q, r) => r.end('ok')));
    const client = rawClient(port);
    client.socket.end(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(await client.closed).toMatch(/^HTTP\/1\.1 431/);
  });
});

describe('graceful close', () => {
  it('finishes the request in flight with Connection: close, closes idle keep-alives, then resolves', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    const router = new Router()
      .on('GET', '/slow', (_q, res) => {
        release = () => res.end('slow done');
        arrived();
      })
      .on('GET', '/fast', (_q, res) => res.end('fast'));
    const port = await listen(router);
    const idle = rawClient(port);
    idle.socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    const busy = rawClient(port);
    busy.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inHandler;
    while (!idle.received.endsWith('fast')) await new Promise((r) => setImmediate(r));

    const closed = server!.close(10_000);
    expect(await idle.closed).toMatch(/fast$/);
    release();
    const answer = await busy.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(answer).toMatch(/slow done$/);
    await closed;
    await expect(new Promise((resolve, reject) => net.connect(port, '127.0.0.1').on('connect', resolve).on('error', reject))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    server = undefined;
  });

  it('cuts a request that outlives the grace period', async () => {
    let arrived: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => (arrived = resolve));
    const port = await listen(new Router().on('GET', '/stuck', () => arrived()));
    const client = rawClient(port);
    client.socket.write('GET /stuck HTTP/1.1\r\nHost: x\r\n\r\n');
    await inHandler;
    await server!.close(50);
    expect(await client.closed).toBe('');
    server = undefined;
  });
});
