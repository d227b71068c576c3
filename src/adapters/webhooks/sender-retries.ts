import type { WebhookKind } from './parsed-webhook';

/**
 * Whether a source sends a webhook again after a 5xx or a dropped connection
 * (../shared/reference/INTEGRATIONS.md). Only these may be refused for load, with 503 and
 * `Retry-After` (docs/adr/0005-overload.md); a 4xx, 429 included, is never retried by Alertmanager.
 * - Alertmanager: 5xx retried with backoff until `group_interval` runs out, then the group is due again.
 * - PagerDuty Events API clients: told by PagerDuty to retry 429 and 5xx.
 * - Datadog: retries a 5xx reply.
 * - Grafana: the webhook notifier gives up on the first failure (no retry within the flush).
 * - generic: Tocsin's own format, posted by scripts we know nothing about: assume no retry.
 */
export const RESENDS_AFTER_5XX: Readonly<Record<WebhookKind, boolean>> = {
  alertmanager: true,
  pagerduty: true,
  datadog: true,
  grafana: false,
  generic: false,
};
