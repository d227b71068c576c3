import type { IncomingMessage } from 'node:http';
import { parseTidyJson } from './json-tidy';
import { httpProblem, type HttpProblem } from './problem-json';

export interface ReadBodyOptions {
  /** Largest body taken, in bytes (`WEBHOOK_MAX_BYTES`). */
  readonly maxBytes: number;
}

/**
 * The parsed JSON, or the refusal to send. `bodyUnread` says the request was not read to its end
 * (refused from its headers, or cut off at the limit): answer with `closeConnection` so the rest
 * is never read.
 */
export type JsonBodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: HttpProblem; readonly bodyUnread: boolean };

type BodyRefusal = Extract<JsonBodyResult, { ok: false }>;
type RawBodyResult = { readonly ok: true; readonly bytes: Buffer } | BodyRefusal;
/** A body's first bytes, the rest left unread (the stream paused) until `rest()` is asked for. */
type RawHead = { readonly ok: true; readonly bytes: Buffer; rest(): Promise<RawBodyResult> };

/**
 * How much of a body is taken before its sender is known. Whoever presents a credential in the
 * body (PagerDuty's routing_key) must do so within it; a stranger costs at most this much reading.
 */
export const UNAUTHENTICATED_BODY_BYTES = 64 * 1024;

/**
 * A body read up to `headBytes`: parsed whole when it is no longer, or its first `headBytes` (for
 * a look at the credential) and `rest()`, which reads on to `maxBytes` and parses it all.
 */
export type JsonHeadResult =
  | { readonly kind: 'whole'; readonly body: JsonBodyResult }
  | { readonly kind: 'head'; readonly head: Buffer; rest(): Promise<JsonBodyResult> };

const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * Reads a JSON request body: the declared size (413), the media type (415), then the bytes with
 * a running limit (413 as soon as it is passed, nothing more is buffered), strict UTF-8 and JSON
 * (400). A missing type or `text/plain` is taken when the bytes are JSON: some senders omit it.
 */
export async function readJsonBody(req: IncomingMessage, options: ReadBodyOptions): Promise<JsonBodyResult> {
  const refusal = refusedFromHeaders(req, options.maxBytes);
  if (refusal) return refusal;
  const raw = await readRawBody(req, options.maxBytes, Infinity);
  return 'rest' in raw ? raw.rest().then(decodeRaw) : decodeRaw(raw);
}

/** readJsonBody, stopping after `headBytes` so the credential can be checked before the rest is read. */
export async function readJsonHead(req: IncomingMessage, options: ReadBodyOptions & { readonly headBytes: number }): Promise<JsonHeadResult> {
  const refusal = refusedFromHeaders(req, options.maxBytes);
  if (refusal) return { kind: 'whole', body: refusal };
  const raw = await readRawBody(req, options.maxBytes, options.headBytes);
  if (!('rest' in raw)) return { kind: 'whole', body: decodeRaw(raw) };
  return { kind: 'head', head: raw.bytes.subarray(0, options.headBytes), rest: () => raw.rest().then(decodeRaw) };
}

/** The declared size (413) and the media type (415): refused before a byte of the body is read. */
function refusedFromHeaders(req: IncomingMessage, maxBytes: number): BodyRefusal | undefined {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  const typeProblem = checkContentType(req.headers['content-type']);
  return typeProblem ? { ok: false, problem: typeProblem, bodyUnread: true } : undefined;
}

const decodeRaw = (raw: RawBodyResult): JsonBodyResult => (raw.ok ? decodeJson(raw.bytes) : raw);

/** undefined when the media type may carry our JSON; otherwise the 415 to answer. */
export function checkContentType(header: string | undefined): HttpProblem | undefined {
  // What Alertmanager and Grafana send, answered without taking the header apart.
  if (header === 'application/json') return undefined;
  if (header === undefined || header.trim() === '') return undefined;
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (charset !== undefined && !UTF8.has(charset)) {
    return httpProblem(415, 'unsupported_media_type', `charset ${charset} is not supported; send UTF-8 JSON`);
  }
  const jsonLike = type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type) || type === 'text/plain';
  if (jsonLike) return undefined;
  return httpProblem(415, 'unsupported_media_type', `content type ${type || header} is not supported; send application/json`);
}

/** Strict UTF-8 (a BOM is dropped), then JSON, made safe to store (json-tidy.ts). */
export function decodeJson(bytes: Uint8Array): JsonBodyResult {
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return { ok: false, problem: httpProblem(400, 'invalid_encoding', 'the body is not valid UTF-8'), bodyUnread: false };
  }
  try {
    return { ok: true, value: parseTidyJson(text) };
  } catch (error) {
    // Asked only here: a blank body never parses, and trimming every good one would cost a copy.
    if (text.trim() === '') return { ok: false, problem: httpProblem(400, 'invalid_json', 'the body is empty; send a JSON document'), bodyUnread: false };
    // V8 quotes a slice of the input in its message; that slice may hold a token, so only the
    // position is passed on.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (near character ${position})`;
    return { ok: false, problem: httpProblem(400, 'invalid_json', `the body is not valid JSON${where}`), bodyUnread: false };
  }
}

/** One decoder for every request: decoding a whole buffer at once (not streaming) keeps no state between calls. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the body up to `maxBytes` (413 as soon as it is passed, nothing more is buffered). Past
 * `pauseAfter` bytes the stream is paused and the head handed back; its `rest()` reads on. The
 * listeners stay on meanwhile, so a connection cut while paused is what `rest()` then answers.
 */
function readRawBody(req: IncomingMessage, maxBytes: number, pauseAfter: number): Promise<RawBodyResult | RawHead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let headGiven = false;
    let hear: (result: RawBodyResult | RawHead) => void = resolve;
    let final: RawBodyResult | undefined;
    const settle = (result: RawBodyResult): void => {
      if (final) return;
      final = result;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onCut);
      req.off('close', onClose);
      hear(result);
    };
    const rest = (): Promise<RawBodyResult> =>
      new Promise((resume) => {
        if (final) return resume(final);
        hear = resume as typeof hear;
        req.resume();
      });
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        // Stop here: pausing keeps the rest in the kernel until the connection is closed.
        req.pause();
        chunks.length = 0;
        return settle(tooLarge(maxBytes));
      }
      chunks.push(chunk);
      if (total > pauseAfter && !headGiven) {
        headGiven = true;
        req.pause();
        hear({ ok: true, bytes: Buffer.concat(chunks, total), rest });
      }
    };
    const onEnd = (): void => settle({ ok: true, bytes: Buffer.concat(chunks, total) });
    const onCut = (): void =>
      settle({ ok: false, problem: httpProblem(400, 'invalid_payload', 'the request body was cut off'), bodyUnread: true });
    const onClose = (): void => {
      if (!req.complete) onCut();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onCut);
    req.on('close', onClose);
  });
}

function tooLarge(maxBytes: number): BodyRefusal {
  return { ok: false, problem: httpProblem(413, 'payload_too_large', `the body is larger than ${maxBytes} bytes`), bodyUnread: true };
}
