import type { Result } from '../../domain/problem';
import type { ProblemBody } from '../shared/problem-json';
import { parse as parseAlertmanager } from './alertmanager.webhook';
import { parse as parseDatadog } from './datadog.webhook';
import { parse as parseGeneric } from './generic.webhook';
import { parse as parseGrafana } from './grafana.webhook';
import { parse as parsePagerDuty, routingKeyOf } from './pagerduty.webhook';
import { topLevelString } from './json-head-scan';
import type { IngestOutcome, ParsedWebhook, WebhookKind } from './parsed-webhook';

/** What differs between sources at the HTTP edge: the path, the parser, where the credential is, retries, the answers. */
export interface WebhookSource {
  /** Where the sender posts. */
  readonly path: string;
  /**
   * Whether the sender sends again after a 5xx or a dropped connection
   * (../shared/reference/INTEGRATIONS.md). Only these may be refused for load, with 503 and
   * `Retry-After` (docs/adr/0005-overload.md); a 4xx, 429 included, is never retried by Alertmanager.
   */
  readonly resendsAfter5xx: boolean;
  readonly parse: (body: unknown) => Result<ParsedWebhook>;
  /** Set for senders that put the credential in the body (PagerDuty `routing_key`). */
  readonly credentialInBody?: (body: unknown) => string | undefined;
  /** The same credential found in the first bytes of a body too long to take from a stranger whole. */
  readonly credentialInHead?: (head: string) => string | undefined;
  readonly accepted: (parsed: ParsedWebhook, outcome: IngestOutcome) => unknown;
  readonly refused: (problem: ProblemBody) => unknown;
}

const tocsinAnswers: Pick<WebhookSource, 'accepted' | 'refused'> = {
  accepted: (parsed, outcome) => ({
    status: 'accepted',
    alerts: parsed.alerts.length,
    ...(parsed.dedupKey === undefined ? {} : { dedup_key: parsed.dedupKey }),
    incidents: outcome.incidents.map((i) => ({ ref: i.ref, dedup_key: i.dedupKey })),
  }),
  refused: (problem) => problem,
};

/**
 * PagerDuty clients read `status`/`message`/`errors` (Events API v2 responses); the problem JSON
 * keys ride along so every refusal also has Tocsin's shape.
 */
const pagerDutyAnswers: Pick<WebhookSource, 'accepted' | 'refused'> = {
  accepted: (parsed) => ({ status: 'success', message: 'Event processed', dedup_key: parsed.dedupKey }),
  refused: (problem) => {
    const errors = problem.problems?.map((p) => `${p.path}: ${p.message}`) ?? [problem.message];
    if (problem.error === 'invalid_payload') return { ...problem, status: 'invalid event', message: 'Event object is invalid', errors };
    if (problem.error === 'invalid_json' || problem.error === 'invalid_encoding') {
      return { ...problem, status: 'Unrecognized object', message: 'Event object format is unrecognized', errors };
    }
    return { ...problem, status: problem.error, errors };
  },
};

/** One record per kind: everything the HTTP edge, the server's routes and the tests need to know of it. */
export const WEBHOOK_SOURCES: Readonly<Record<WebhookKind, WebhookSource>> = {
  // Retries a 5xx with backoff until group_interval runs out, then the group is due again.
  alertmanager: { path: '/webhooks/alertmanager', resendsAfter5xx: true, parse: parseAlertmanager, ...tocsinAnswers },
  // The webhook notifier gives up on the first failure (no retry within the flush).
  grafana: { path: '/webhooks/grafana', resendsAfter5xx: false, parse: parseGrafana, ...tocsinAnswers },
  // Retries a 5xx reply.
  datadog: { path: '/webhooks/datadog', resendsAfter5xx: true, parse: parseDatadog, ...tocsinAnswers },
  // Tocsin's own format, posted by scripts we know nothing about: assume no retry.
  generic: { path: '/webhooks/generic', resendsAfter5xx: false, parse: parseGeneric, ...tocsinAnswers },
  // PagerDuty tells Events API clients to retry 429 and 5xx.
  pagerduty: {
    path: '/v2/enqueue',
    resendsAfter5xx: true,
    parse: (body) => parsePagerDuty(body),
    credentialInBody: routingKeyOf,
    credentialInHead: (head) => topLevelString(head, 'routing_key'),
    ...pagerDutyAnswers,
  },
};
