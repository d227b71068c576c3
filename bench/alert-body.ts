/**
 * The bench's request body: an Alertmanager webhook (payload v4) of about 1.5 KB with two alerts,
 * the size and shape of a real notification. `[<id>]` is autocannon's per-request placeholder
 * (`idReplacement`), so every request carries a new groupKey and new fingerprints: each one opens
 * a new incident, the most expensive path through ingest.
 */
export function alertmanagerBenchBody(): string {
  const alert = (instance: string, fp: string) => ({
    status: 'firing',
    labels: { alertname: 'HighErrorRate', instance, job: 'checkout', severity: 'critical', team: 'payments' },
    annotations: {
      summary: `Error rate above 5% on ${instance}`,
      description: `${instance} answered over 5% of requests with 5xx for 10m.`,
      runbook_url: 'https://runbooks.example.com/payments/high-error-rate',
    },
    startsAt: '2026-01-05T08:00:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=error_rate5m+%3E+0.05',
    fingerprint: `[<id>]${fp}`,
  });
  return JSON.stringify({
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate", request="[<id>]"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'tocsin',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', job: 'checkout', namespace: 'payments', severity: 'critical', team: 'payments' },
    commonAnnotations: { runbook_url: 'https://runbooks.example.com/payments/high-error-rate' },
    externalURL: 'http://alertmanager.example:9093',
    alerts: [alert('checkout-7d9f-1:8080', 'a'), alert('checkout-7d9f-2:8080', 'b')],
  });
}
