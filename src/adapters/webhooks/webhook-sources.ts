import type { Result } from '../../domain/problem';
import type { ProblemBody } from '../shared/problem-json';
import { parse as parseAlertmanager } from './alertmanager.webhook';
import { parse as parseDatadog } from './datadog.webhook';
import { parse as parseGeneric } from './generic.webhook';
import { parse as parseGrafana } from './grafana.webhook';
import { parse as parsePagerDuty, routingKeyOf } from './pagerduty.webhook';
import { topLevelString } from './json-head-scan';
import type { IngestOutcome, ParsedWebhook, WebhookKind } from './parsed-webhook';

/** What differs between sources at the HTTP edge: the parser, where the credential is, the answers. */
export interface WebhookSource {
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

export const WEBHOOK_SOURCES: Readonly<Record<WebhookKind, WebhookSource>> = {
  alertmanager: { parse: parseAlertmanager, ...tocsinAnswers },
  grafana: { parse: parseGrafana, ...tocsinAnswers },
  datadog: { parse: parseDatadog, ...tocsinAnswers },
  generic: { parse: parseGeneric, ...tocsinAnswers },
  pagerduty: { parse: (body) => parsePagerDuty(body), credentialInBody: routingKeyOf, credentialInHead: (head) => topLevelString(head, 'routing_key'), ...pagerDutyAnswers },
};
