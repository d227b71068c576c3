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

type RawBodyResult = { readonly ok: true; readonly bytes: Buffer } | Extract<JsonBodyResult, { ok: false }>;

const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * Reads a JSON request body: the declared size (413), the media type (415), then the bytes with
 * a running limit (413 as soon as it is passed, nothing more is buffered), strict UTF-8 and JSON
 * (400). A missing type or `text/plain` is taken when the bytes are JSON: some senders omit it.
 */
export async function readJsonBody(req: IncomingMessage, options: ReadBodyOptions): Promise<JsonBodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) return tooLarge(options.maxBytes);
  const typeProblem = checkContentType(req.headers['content-type']);
  if (typeProblem) return { ok: false, problem: typeProblem, bodyUnread: true };
  const raw = await readRawBody(req, options.maxBytes);
  return raw.ok ? decodeJson(raw.bytes) : raw;
}

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

function readRawBody(req: IncomingMessage, maxBytes: number): Promise<RawBodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (result: RawBodyResult): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onCut);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      // Stop here: pausing keeps the rest in the kernel until the connection is closed.
      req.pause();
      chunks.length = 0;
      settle(tooLarge(maxBytes));
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

function tooLarge(maxBytes: number): Extract<JsonBodyResult, { ok: false }> {
  return { ok: false, problem: httpProblem(413, 'payload_too_large', `the body is larger than ${maxBytes} bytes`), bodyUnread: true };
}
