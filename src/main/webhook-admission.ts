import { tokenBuckets } from '../adapters/http/rate-limit';
import type { Logger } from '../adapters/shared/logger';

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
