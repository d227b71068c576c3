import type { DeliveryResult } from '../../app/ports/outbox';
import { retryAfterMs } from './retry-after';

/** Makes the signal that ends a request after `ms`; tests pass one they abort by hand. */
export type AbortAfter = (ms: number) => AbortSignal;

export interface HttpPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** An answer of any status, or why there was none (network, timeout). */
export type HttpPostResult =
  | { readonly ok: true; readonly status: number; readonly headers: Headers; readonly text: string }
  | { readonly ok: false; readonly error: string };

/** Longest provider answer kept in an error: enough for a JSON error object, not a whole HTML page. */
const ERROR_TEXT_CHARS = 300;

/**
 * One POST to a provider, never throwing for what the network does: the request and reading the
 * answer share one deadline, so a server that answers headers and then stalls is cut off too.
 * Error texts name neither the URL nor a header: both may carry credentials.
 */
export async function httpPost(request: HttpPost, abortAfter: AbortAfter = (ms) => AbortSignal.timeout(ms)): Promise<HttpPostResult> {
  const signal = abortAfter(request.timeoutMs);
  try {
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, signal, redirect: 'manual' });
    const text = await response.text();
    return { ok: true, status: response.status, headers: response.headers, text };
  } catch (e) {
    return { ok: false, error: signal.aborted ? `no answer within ${request.timeoutMs} ms` : networkErrorText(e) };
  }
}

function networkErrorText(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `network error ${cause.code}`;
  if (cause?.message) return `network error: ${cause.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** A provider's answer as a JSON object, or undefined (an HTML error page, an empty body). */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A provider's error text, cut short and on one line, for the timeline and the log. */
export function clipErrorText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_TEXT_CHARS ? `${line.slice(0, ERROR_TEXT_CHARS - 1)}…` : line;
}

/**
 * A refused HTTP answer as a delivery outcome: throttling (429, with its Retry-After), a timeout
 * answer (408) and server trouble (5xx) pass and are retried; anything else the provider refused
 * for good (a bad number, a wrong token, a forbidden topic) is failed at once, so the person's next
 * rule is not held back by retries that cannot succeed.
 */
export function refusedAnswer(status: number, retryAfter: string | null, error: string, nowMs: number): DeliveryResult {
  if (status === 429 || status === 408 || status >= 500) {
    const afterMs = retryAfterMs(retryAfter, nowMs);
    return { kind: 'retry', error, ...(afterMs !== undefined ? { afterMs } : {}) };
  }
  return { kind: 'failed', error };
}
