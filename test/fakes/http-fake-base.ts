import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultScript, type Fault, type Hold } from './fault-script';

export type { Fault, Hold } from './fault-script';

/** One request as the fake received it. `op` is the fake's name for it (a Slack method, a Connector operation). */
export interface RecordedCall {
  readonly op: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The token of `Authorization: Bearer …`, if any. */
  readonly bearer: string | undefined;
  readonly rawBody: string;
  readonly body: unknown;
  /** HTTP status the fake answered with (undefined while the request is still held or delayed). */
  status: number | undefined;
}

export interface FakeReply {
  readonly status: number;
  /** Objects are sent as JSON, strings as text/plain, undefined as an empty body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Shared plumbing of the fake SaaS servers: a real HTTP listener on 127.0.0.1 (port 0), a log of
 * every call, scripted faults (errors, 429 + Retry-After, slowness), holds that park a request
 * until the test releases it, and a global outage switch. Subclasses only route and speak their
 * provider's wire format.
 */
export abstract class HttpFake {
  readonly calls: RecordedCall[] = [];
  private readonly script = new FaultScript();
  private server: http.Server | undefined;
  private origin: string | undefined;
  private isDown = false;

  /** The provider's name for a request (e.g. `chat.postMessage`), used by faults, holds and callsTo. */
  protected abstract operationOf(method: string, path: string): string;
  /** The normal answer, from the fake's state. */
  protected abstract route(call: RecordedCall): FakeReply | Promise<FakeReply>;
  /** How this provider reports a scripted fault on the wire. */
  protected abstract faultReply(fault: Fault, call: RecordedCall): FakeReply;
  /** What the provider answers during an outage (`down(true)`). */
  protected outageReply(_call: RecordedCall): FakeReply {
    return { status: 503, body: 'Service Unavailable' };
  }
  /** The URL clients are configured with; by default the origin. */
  protected baseUrlFor(origin: string): string {
    return `${origin}/`;
  }

  async start(): Promise<string> {
    if (this.server) throw new Error(`${this.constructor.name} already started`);
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.script.releaseAll();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forgets calls, faults, holds and the outage; subclasses also reset their state. */
  reset(): void {
    this.calls.length = 0;
    this.script.clear();
    this.isDown = false;
  }

  get baseUrl(): string {
    if (!this.origin) throw new Error(`${this.constructor.name} is not started`);
    return this.baseUrlFor(this.origin);
  }

  protected get originUrl(): string {
    if (!this.origin) throw new Error(`${this.constructor.name} is not started`);
    return this.origin;
  }

  /** The next `times` (default 1) requests for `op` (or `*` for any) get this fault. */
  failNext(op: string, fault: Fault): void {
    this.script.add(op, fault);
  }

  /** Parks the next request for `op` until `release()`; `arrived` resolves once it is parked. */
  hold(op: string): Hold {
    return this.script.hold(op);
  }

  /** `down(true)`: every request gets the provider's outage answer until `down(false)`. */
  down(on: boolean): void {
    this.isDown = on;
  }

  callsTo(op: string): RecordedCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  /** How the request body is decoded for `RecordedCall.body`; subclasses may refine it. */
  protected parseBody(contentType: string, raw: string): unknown {
    if (raw === '') return undefined;
    if (contentType.includes('json')) {
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    }
    if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
    return raw;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let call: RecordedCall;
    try {
      call = await this.record(req);
    } catch {
      res.destroy(); // the client went away mid-body: nothing to answer
      return;
    }
    let reply: FakeReply;
    try {
      reply = await this.answer(call);
    } catch (error) {
      reply = { status: 500, body: `fake failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    call.status = reply.status;
    if (res.destroyed || !this.server) return;
    const isText = typeof reply.body === 'string';
    const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
    const type = reply.body === undefined ? {} : { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' };
    res.writeHead(reply.status, { ...type, ...reply.headers });
    res.end(payload);
  }

  private async answer(call: RecordedCall): Promise<FakeReply> {
    if (this.isDown) return this.outageReply(call);
    const fault = this.script.take(call.op);
    await this.script.waitIfHeld(call);
    if (fault?.delayMs) await this.script.sleep(fault.delayMs);
    if (fault && (fault.status !== undefined || fault.error !== undefined || fault.retryAfter !== undefined)) {
      return this.faultReply(fault, call);
    }
    return this.route(call);
  }

  private async record(req: IncomingMessage): Promise<RecordedCall> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const method = req.method ?? 'GET';
    const call: RecordedCall = {
      op: this.operationOf(method, url.pathname),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      bearer: /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1],
      rawBody,
      body: this.parseBody(headers['content-type'] ?? '', rawBody),
      status: undefined,
    };
    this.calls.push(call);
    return call;
  }
}
