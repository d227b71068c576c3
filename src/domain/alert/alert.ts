import type { Severity } from '../incident/severity';

/** What a monitoring source asks of Tocsin for one alert. */
export type AlertAction = 'trigger' | 'acknowledge' | 'resolve';

export interface AlertLink {
  readonly title: string;
  readonly url: string;
}

/**
 * One alert as every source adapter hands it to the core: the source's own shape is gone.
 * `groupKey` picks the incident (Alertmanager/Grafana groupKey, PagerDuty dedup_key, generic key);
 * `fingerprint` picks the alert inside it (Alertmanager fingerprint; equal to groupKey for
 * single-alert sources).
 */
export interface IncomingAlert {
  readonly groupKey: string;
  readonly fingerprint: string;
  readonly action: AlertAction;
  readonly title: string;
  /** Severity the source itself states, already mapped to sev1..sev4; routes may override. */
  readonly severity?: Severity;
  /** Labels the routes match on (Alertmanager labels, Grafana labels, PagerDuty custom fields…). */
  readonly labels: Readonly<Record<string, string>>;
  readonly details: Readonly<Record<string, unknown>>;
  readonly links: readonly AlertLink[];
  /** ISO-8601 instants as the source reported them, when it did. */
  readonly startsAt?: string;
  readonly endsAt?: string;
}
