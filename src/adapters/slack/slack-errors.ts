import { ErrorCode } from '@slack/web-api';
import type { DeliveryResult } from '../../app/ports/outbox';
import { PacedError } from '../shared/paced-calls';

/** The Slack error code of a failed Web API call (`name_taken`…), if it was one. */
export function slackErrorCode(e: unknown): string | undefined {
  const err = e as { code?: string; data?: { error?: string } };
  return err?.code === ErrorCode.PlatformError ? err.data?.error : undefined;
}

// Errors that will not go away by waiting: the row is recorded as failed (and logged) at once.
const PERMANENT = new Set([
  'channel_not_found', 'is_archived', 'msg_too_long', 'no_text', 'invalid_blocks', 'invalid_arguments', 'invalid_metadata_format',
  'too_many_attachments', 'cant_archive_general', 'method_not_supported_for_channel_type', 'restricted_action', 'cannot_create_channel',
  'user_not_found', 'users_not_found', 'not_allowed_token_type', 'unknown_method',
]);

export { PacedError };

/** A 429's Retry-After in milliseconds, if `e` is one. */
export function rateLimitedMs(e: unknown): number | undefined {
  const err = e as { code?: string; retryAfter?: number };
  return err?.code === ErrorCode.RateLimitedError ? Math.max(0, err.retryAfter ?? 1) * 1_000 : undefined;
}

/**
 * One place that turns a Web API failure into a delivery outcome. Rate limits, ours (pacing,
 * slack-pacing.ts) or Slack's (a 429's `Retry-After`), defer the row: waiting for room is not a
 * failed attempt, so a long storm cannot use up a row's attempts. Network trouble, 5xx and Slack's own hiccups are retried; auth and scope
 * problems are retried too (an admin can reinstall the app, and nothing should be lost meanwhile),
 * while errors about the message itself fail for good. Anything that is not a Slack error is a bug
 * and is thrown on.
 */
export function deliveryFailure(e: unknown, during: string): DeliveryResult {
  if (e instanceof PacedError) return { kind: 'deferred', afterMs: e.afterMs, reason: `${during}: ${e.method} paced` };
  const err = e as { code?: string; statusCode?: number; original?: Error; data?: { error?: string; needed?: string } };
  switch (err?.code) {
    case ErrorCode.RateLimitedError:
      return { kind: 'deferred', afterMs: rateLimitedMs(e) ?? 1_000, reason: `${during}: rate limited` };
    case ErrorCode.HTTPError:
      return { kind: 'retry', error: `${during}: HTTP ${err.statusCode}` };
    case ErrorCode.RequestError:
      return { kind: 'retry', error: `${during}: ${err.original?.message ?? 'request failed'}` };
    case ErrorCode.PlatformError: {
      const code = err.data?.error ?? 'unknown';
      const detail = code === 'missing_scope' && err.data?.needed ? ` (needs ${err.data.needed}: reinstall the app from manifest.yml)` : '';
      if (code === 'ratelimited' || code === 'rate_limited') return { kind: 'deferred', afterMs: 1_000, reason: `${during}: ${code}` };
      return PERMANENT.has(code) ? { kind: 'failed', error: `${during}: ${code}` } : { kind: 'retry', error: `${during}: ${code}${detail}` };
    }
    default:
      throw e;
  }
}
