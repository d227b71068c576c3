import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpProblem, type HttpProblem, type ProblemCode } from '../shared/problem-json';
import { readJsonHead, UNAUTHENTICATED_BODY_BYTES, type JsonBodyResult } from '../shared/read-body';
import { sendJson } from '../shared/send-json';
import type { IngestOutcome, ParsedWebhook, WebhookKind } from './parsed-webhook';
import { findIntegration, presentedTokens, type WebhookIntegration } from './webhook-auth';
import { WEBHOOK_SOURCES } from './webhook-sources';

/** Why a request was refused, for the log and metrics. Never holds a token. */
export interface WebhookRejection {
  readonly status: number;
  readonly error: ProblemCode;
  readonly message: string;
  /** What `ingest` threw, on a 503. */
  readonly cause?: unknown;
}

export interface WebhookHandlerDeps<I extends WebhookIntegration> {
  readonly kind: WebhookKind;
  /** Read on every request, so a policy reload takes effect without a restart. */
  readonly integrations: () => readonly I[];
  readonly maxBytes: number;
  /** Stores the alerts; the answer is sent only once this has settled. */
  readonly ingest: (integration: I, parsed: ParsedWebhook) => Promise<IngestOutcome>;
  readonly onRejected?: (integrationId: string | undefined, reason: WebhookRejection) => void;
  /** Seconds in `Retry-After` when ingest fails (default 30). */
  readonly retryAfterSeconds?: number;
  /**
   * The per-integration rate limit: undefined to take the request, or the seconds to put in
   * `Retry-After`. Its answer is obeyed only when `refusable` (the sender resends after a 503,
   * sender-retries.ts); otherwise the request is taken anyway and the limiter only counts it.
   */
  readonly admit?: (integration: I, refusable: boolean) => number | undefined;
}

export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const UNAUTHORIZED = httpProblem(401, 'unauthorized', 'missing or wrong integration token');
const UNAUTHORIZED_IN_HEAD = httpProblem(401, 'unauthorized', 'missing or wrong integration token: a body over 64 KiB must carry it within its first 64 KiB');
/** Not fatal: the head may end inside a character; only the credential before that point matters. */
const HEAD_TEXT = new TextDecoder('utf-8');
const rateLimited = (seconds: number) => httpProblem(503, 'rate_limited', `too many requests for this integration; retry in ${seconds} s`);

/**
 * One monitoring source's endpoint: auth (401, before the body where the token is in a header or
 * the query; within its first 64 KiB where it is in the body), size (413), media type (415),
 * payload (400), then ingest and only then 202.
 * Alertmanager never resends a group refused with a 4xx but retries a 5xx, so a failed ingest is a
 * 503: the alert comes back instead of being lost.
 */
export function createWebhookHandler<I extends WebhookIntegration>(deps: WebhookHandlerDeps<I>): WebhookHandler {
  const source = WEBHOOK_SOURCES[deps.kind];
  const refusable = source.resendsAfter5xx;
  const overLimit = (integration: I): number | undefined => {
    const wait = deps.admit?.(integration, refusable);
    return refusable ? wait : undefined;
  };
  return async (req, res) => {
    let integrationId: string | undefined;
    const refuse = (problem: HttpProblem, extra: RefuseOptions = {}): void => {
      sendJson(res, problem.status, source.refused(problem.body), extra);
      const { status, body } = problem;
      deps.onRejected?.(integrationId, { status, error: body.error, message: body.message, ...(extra.cause === undefined ? {} : { cause: extra.cause }) });
    };
    try {
      if (req.method !== 'POST' && req.method !== 'PUT') {
        return refuse(httpProblem(405, 'method_not_allowed', `use POST, not ${req.method}`), { closeConnection: true, headers: { Allow: 'POST, PUT' } });
      }
      const integrations = deps.integrations();
      const authenticate = (tokens: readonly string[]): I | undefined => findIntegration(deps.kind, tokens, integrations);
      // Header and query tokens are checked before a byte of the body is read.
      const byHeader = source.credentialInBody ? undefined : authenticate(presentedTokens(req));
      if (!source.credentialInBody && !byHeader) return refuse(UNAUTHORIZED, { closeConnection: true });
      integrationId = byHeader?.id;
      // Refused before a byte of the body is read: shedding load must cost less than taking it.
      const waitBeforeBody = byHeader && overLimit(byHeader);
      if (waitBeforeBody) return refuse(rateLimited(waitBeforeBody), { closeConnection: true, headers: { 'Retry-After': String(waitBeforeBody) } });

      // The integration known before the whole body is read: by its header, or by the credential
      // in the first 64 KiB of a body longer than that.
      let early = byHeader;
      let body: JsonBodyResult;
      const read = await readJsonHead(req, { maxBytes: deps.maxBytes, headBytes: source.credentialInBody ? UNAUTHENTICATED_BODY_BYTES : Infinity });
      if (read.kind === 'head') {
        early = authenticate([source.credentialInHead?.(HEAD_TEXT.decode(read.head)) ?? '']);
        if (!early) return refuse(UNAUTHORIZED_IN_HEAD, { closeConnection: true });
        integrationId = early.id;
        const waitBeforeRest = overLimit(early);
        if (waitBeforeRest) return refuse(rateLimited(waitBeforeRest), { closeConnection: true, headers: { 'Retry-After': String(waitBeforeRest) } });
        body = await read.rest();
      } else body = read.body;
      if (!body.ok) return refuse(body.problem, { closeConnection: body.bodyUnread });
      // The whole body's credential decides (JSON takes the last of duplicate keys); it must agree with the head's.
      const integration = byHeader ?? authenticate([source.credentialInBody?.(body.value) ?? '']);
      if (!integration || (early && early !== integration)) return refuse(UNAUTHORIZED);
      integrationId = integration.id;
      const wait = early ? undefined : overLimit(integration);
      if (wait) return refuse(rateLimited(wait), { headers: { 'Retry-After': String(wait) } });

      const parsed = source.parse(body.value);
      if (!parsed.ok) return refuse(httpProblem(400, 'invalid_payload', `the ${deps.kind} payload is invalid`, parsed.problems));

      let outcome: IngestOutcome;
      try {
        outcome = await deps.ingest(integration, parsed.value);
      } catch (cause) {
        const headers = { 'Retry-After': String(deps.retryAfterSeconds ?? 30) };
        return refuse(httpProblem(503, 'unavailable', 'the alert could not be stored; retry later'), { headers, cause });
      }
      sendJson(res, 202, source.accepted(parsed.value, outcome));
    } catch (cause) {
      // A bug: answer rather than leave the sender hanging; onRejected gets it for the log.
      refuse(httpProblem(500, 'internal_error', 'unexpected error'), { closeConnection: true, cause });
    }
  };
}

interface RefuseOptions {
  readonly closeConnection?: boolean;
  readonly headers?: Record<string, string>;
  readonly cause?: unknown;
}
