import { randomBytes } from 'node:crypto';
import { HttpFake, type Fault, type FakeReply, type RecordedCall } from './http-fake-base';
import { decodeHeader, parseActions, type NtfyAction } from './ntfy-wire';

/** A message as ntfy stored it, its headers decoded. */
export interface NtfyMessage {
  readonly id: string;
  readonly topic: string;
  readonly title: string | undefined;
  readonly message: string;
  readonly priority: number;
  readonly tags: readonly string[];
  readonly click: string | undefined;
  readonly actions: readonly NtfyAction[];
  /** The raw request, headers as they crossed the wire. */
  readonly call: RecordedCall;
}

export interface FakeNtfyOptions {
  /** When set, publishing needs `Authorization: Bearer <token>` (ntfy's access tokens). */
  readonly token?: string;
  /** When set, `Authorization: Basic` with this user and password is accepted too. */
  readonly basic?: { readonly user: string; readonly pass: string };
}

const TOPIC = /^\/([-_A-Za-z0-9]{1,64})$/;
const PRIORITIES: Readonly<Record<string, number>> = { '1': 1, min: 1, '2': 2, low: 2, '3': 3, default: 3, '4': 4, high: 4, '5': 5, max: 5, urgent: 5 };

/**
 * An ntfy server on 127.0.0.1 (`start()` returns the value for NTFY_URL): `POST|PUT /<topic>`
 * (op `publish`) with the message in the body and its options in headers (`Title`/`X-Title`,
 * `Priority`, `Tags`, `Click`, `Actions`), RFC 2047 encoded headers decoded as ntfy does. Answers
 * the stored message as JSON; errors as ntfy sends them (`{code, http, error, link}`).
 */
export class FakeNtfy extends HttpFake {
  readonly messages: NtfyMessage[] = [];

  constructor(private readonly options: FakeNtfyOptions = {}) {
    super();
  }

  override reset(): void {
    super.reset();
    this.messages.length = 0;
  }

  protected override baseUrlFor(origin: string): string {
    return origin;
  }

  protected operationOf(method: string, path: string): string {
    return (method === 'POST' || method === 'PUT') && TOPIC.test(path) ? 'publish' : path;
  }

  protected route(call: RecordedCall): FakeReply {
    if (call.op !== 'publish') return ntfyError(404, 40401, 'page not found');
    if (!this.authorized(call.headers.authorization)) return ntfyError(call.headers.authorization ? 403 : 401, call.headers.authorization ? 40301 : 40101, call.headers.authorization ? 'forbidden' : 'unauthorized');
    const h = (name: string) => {
      const raw = call.headers[`x-${name}`] ?? call.headers[name];
      return raw === undefined ? undefined : decodeHeader(raw);
    };
    const priorityText = h('priority') ?? '3';
    const priority = PRIORITIES[priorityText.toLowerCase()];
    if (priority === undefined) return ntfyError(400, 40007, 'invalid priority');
    let actions: NtfyAction[];
    try {
      actions = h('actions') ? parseActions(h('actions')!) : [];
    } catch (e) {
      return ntfyError(400, 40018, `invalid request: actions invalid: ${(e as Error).message}`);
    }
    const message: NtfyMessage = {
      id: randomBytes(6).toString('hex'),
      topic: TOPIC.exec(call.path)![1]!,
      title: h('title'),
      message: call.rawBody,
      priority,
      tags: (h('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
      click: h('click'),
      actions,
      call,
    };
    this.messages.push(message);
    const { call: _call, ...stored } = message;
    return { status: 200, body: { ...stored, event: 'message', time: 1767600000 } };
  }

  protected faultReply(fault: Fault, _call: RecordedCall): FakeReply {
    const status = fault.status ?? (fault.retryAfter !== undefined ? 429 : 400);
    const reply = ntfyError(status, Number(fault.error ?? status * 100 + 1), fault.message ?? (status === 429 ? 'limit reached: too many requests' : `fake ntfy error ${status}`));
    return fault.retryAfter !== undefined ? { ...reply, headers: { 'retry-after': String(fault.retryAfter) } } : reply;
  }

  private authorized(header: string | undefined): boolean {
    const { token, basic } = this.options;
    if (token === undefined && basic === undefined) return true;
    if (token !== undefined && header === `Bearer ${token}`) return true;
    return basic !== undefined && header === `Basic ${Buffer.from(`${basic.user}:${basic.pass}`).toString('base64')}`;
  }
}

function ntfyError(status: number, code: number, error: string): FakeReply {
  return { status, body: { code, http: status, error, link: 'https://ntfy.sh/docs/publish/' } };
}
