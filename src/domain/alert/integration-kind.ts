/**
 * The monitoring sources Tocsin takes webhooks from: the one list the policy schema, the catalog
 * and the HTTP edge read (each kind's path, parser and answers are in
 * src/adapters/webhooks/webhook-sources.ts, one record per kind).
 */
export const INTEGRATION_KINDS = ['alertmanager', 'grafana', 'datadog', 'pagerduty', 'generic'] as const;

export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];
