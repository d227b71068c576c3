import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Ingest takes a durable commit shared with other webhooks: milliseconds normally, seconds when the disk stalls. */
const INGEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Label for a refusal that came before any integration was recognised (a wrong token, a body too large to read). */
export const UNKNOWN_INTEGRATION = 'unknown';

export interface WebhookMetrics {
  /** A webhook stored and answered 2xx, with how long storing it took. */
  accepted(kind: string, integration: string, ingestSeconds: number): void;
  /** A webhook refused; `reason` is the problem code of the answer (`unauthorized`, `invalid_payload`…). */
  rejected(kind: string, integration: string | undefined, reason: string): void;
}

export interface Metrics {
  readonly registry: Registry;
  readonly webhooks: WebhookMetrics;
}

/**
 * One registry per running Tocsin (tests run several in one process), with Node's process
 * metrics under the same prefix. Label values are bounded: kinds and reasons are fixed lists and
 * integration ids come from the policy file, never from the request.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tocsin_' });
  const accepted = new Counter({ name: 'tocsin_webhooks_accepted_total', help: 'Webhooks stored and answered 2xx, by source kind and integration', labelNames: ['kind', 'integration'], registers: [registry] });
  const rejected = new Counter({ name: 'tocsin_webhooks_rejected_total', help: 'Webhooks refused, by source kind, integration and reason (the problem code answered)', labelNames: ['kind', 'integration', 'reason'], registers: [registry] });
  const ingest = new Histogram({ name: 'tocsin_webhook_ingest_duration_seconds', help: 'Time from a parsed webhook to its alerts committed durably (group commit included), by source kind', labelNames: ['kind'], buckets: INGEST_BUCKETS, registers: [registry] });
  return {
    registry,
    webhooks: {
      accepted(kind, integration, ingestSeconds) {
        accepted.inc({ kind, integration });
        ingest.observe({ kind }, ingestSeconds);
      },
      rejected(kind, integration, reason) {
        rejected.inc({ kind, integration: integration ?? UNKNOWN_INTEGRATION, reason });
      },
    },
  };
}
