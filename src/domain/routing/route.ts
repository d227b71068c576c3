import type { Severity } from '../incident/severity';
import { matchesLabel, type LabelMatcher } from './label-matcher';

/** One entry of the policy file's `routes:` list, matchers already parsed. */
export interface Route {
  /** Every matcher must hold. Absent (or empty): the catch-all, which matches any alert. */
  readonly match?: readonly LabelMatcher[];
  readonly service: string;
  /** Absent: the alert keeps the severity its source stated. */
  readonly severity?: Severity;
}

export interface RouteDecision {
  readonly serviceId: string;
  readonly severity?: Severity;
  /** Which route matched, for the timeline ("routed by routes[1]"). */
  readonly routeIndex: number;
}

/** First match wins, as in the policy file's order; undefined when no route matches. */
export function route(routes: readonly Route[], labels: Readonly<Record<string, string>>): RouteDecision | undefined {
  const routeIndex = routes.findIndex((r) => (r.match ?? []).every((m) => matchesLabel(m, labels)));
  if (routeIndex < 0) return undefined;
  const chosen = routes[routeIndex];
  return { serviceId: chosen.service, ...(chosen.severity ? { severity: chosen.severity } : {}), routeIndex };
}
