import type { DeliveryResult } from '../../app/ports/outbox';
import { PacedError } from '../shared/paced-calls';

interface HttpishError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined | null } };
}

/** `Retry-After` in seconds (what the Bot Connector and Graph send), as milliseconds. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/**
 * A failed Bot Connector call as a delivery result, in one place. Paced (not made): deferred. Worth retrying: throttling (429,
 * with its Retry-After), 412 ("please try again"), 5xx, 401 (a token problem an operator can
 * fix) and anything without a status (network, token endpoint). Not worth retrying: the bot is not
 * in the conversation or was blocked (403), the conversation or message is gone (404), the
 * message itself is refused (400, 413).
 */
export function connectorFailure(error: unknown, what: string): DeliveryResult {
  // Our own pacing (teams-pacing.ts): the call was not made; waiting for room is not a failed attempt.
  if (error instanceof PacedError) return { kind: 'deferred', afterMs: error.afterMs, reason: `${what}: ${error.method} paced` };
  const e = (error ?? {}) as HttpishError;
  const status = e.statusCode;
  const text = `${what}: ${status ? `${status} ` : ''}${e.code ? `${e.code} ` : ''}${e.message ?? String(error)}`.trim();
  if (status === 429) {
    const afterMs = retryAfterMs(e.response?.headers?.get?.('retry-after'));
    return { kind: 'retry', error: text, ...(afterMs !== undefined ? { afterMs } : {}) };
  }
  if (status === undefined || status === 401 || status === 412 || status >= 500) return { kind: 'retry', error: text };
  return { kind: 'failed', error: text };
}

/** Same rules for a plain HTTP answer (the Workflows webhook). */
export function httpFailure(status: number, retryAfter: string | null, what: string): DeliveryResult {
  const text = `${what}: HTTP ${status}`;
  if (status === 429 || status === 408 || status >= 500) {
    const afterMs = retryAfterMs(retryAfter);
    return { kind: 'retry', error: text, ...(afterMs !== undefined ? { afterMs } : {}) };
  }
  return { kind: 'failed', error: text };
}
