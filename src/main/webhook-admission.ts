import { authFailures, clientKey, limitAuthFailures } from '../adapters/http/auth-failures';
import { tokenBuckets } from '../adapters/http/rate-limit';
import type { Handler } from '../adapters/http/router';
import type { Logger } from '../adapters/shared/logger';
import type { Clock } from '../app/ports/clock';

/**
 * The per-integration rate limit of the webhook endpoints (`WEBHOOK_RATE_LIMIT`, docs/adr/0005-overload.md).
 * Measured on the monotonic clock: it is about load now, not business time, so a test's fake clock
 * does not freeze it. Says so in the log once each time an integration goes over.
 */
export function webhookAdmission(perSecond: number, log: Logger) {
  const limiter = tokenBuckets({ perSecond });
  const over = new Set<string>();
  return (integration: { readonly id: string }, refusable: boolean): number | undefined => {
    const admission = limiter.take(integration.id, performance.now());
    if (admission.ok) {
      over.delete(integration.id);
      return undefined;
    }
    if (!over.has(integration.id)) {
      over.add(integration.id);
      const what = refusable ? 'answering 503 + Retry-After until it slows down' : 'taking its webhooks anyway: this sender does not retry';
      log.warn({ integration: integration.id, perSecond }, `integration over its rate limit; ${what}`);
    }
    return admission.retryAfterSeconds;
  };
}

/**
 * `AUTH_FAILURE_LIMIT`: wraps a token-checked endpoint so that a client address with that many
 * failed authentications in a minute is answered 429 + Retry-After, before its credential or body
 * is looked at, until the minute is over. One count for every endpoint it guards, so guessing is
 * not spread across them; the clock is injected so tests can move through the minute.
 */
export function authFailureLimit(limit: number, clock: Clock, log: Logger, proxies: readonly string[] = []) {
  const failures = authFailures({ limit, nowMs: () => clock.now().getTime() });
  const trustedProxies = new Set(proxies.map((p) => clientKey(p)));
  const onLimited = (client: string) => log.warn({ client, limit }, `${limit} failed authentications from one client within a minute: answering it 429 + Retry-After until the minute is over`);
  return (handler: Handler, isFailure?: (status: number) => boolean): Handler => (limit > 0 ? limitAuthFailures(handler, { failures, onLimited, trustedProxies, ...(isFailure ? { isFailure } : {}) }) : handler);
}
