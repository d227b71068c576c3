import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Logger } from 'pino';
import { httpProblem, type ProblemBody } from '../shared/problem-json';
import { readJsonBody, UNAUTHENTICATED_BODY_BYTES } from '../shared/read-body';
import { sendJson } from '../shared/send-json';
import { isLoopbackServiceUrl } from './loopback-service-url';

// What a refusal says. botbuilder's own text (a jsonwebtoken message, an app id echoed back from
// the token, an exception) goes to the log only: it helps an attacker and nobody else.
const REFUSALS: Readonly<Record<number, ProblemBody>> = {
  400: { error: 'invalid_payload', message: 'the activity is not valid' },
  401: { error: 'unauthorized', message: 'missing or invalid Bot Framework token' },
  405: { error: 'method_not_allowed', message: 'use POST' },
};
const INTERNAL: ProblemBody = { error: 'internal_error', message: 'internal error' };

/**
 * The slice of a restify/express response `CloudAdapter.process` writes to (`status`, `send`,
 * `end`, `header`), over Node's own ServerResponse: Tocsin's listener has no framework.
 * Refusals become plain problem JSON; what botbuilder said goes to `onRefused`.
 */
export function botResponse(
  res: ServerResponse,
  onRefused: (status: number, detail: unknown) => void = () => {},
): { socket: unknown; status(code: number): void; header(name: string, value: unknown): void; send(body: unknown): void; end(): void } {
  let body: string | undefined;
  return {
    socket: res.socket,
    status: (code) => {
      res.statusCode = code;
    },
    header: (name, value) => {
      res.setHeader(name, String(value));
    },
    send: (value) => {
      if (value === undefined || value === null) return;
      const refusal = typeof value === 'string' && res.statusCode >= 400;
      if (refusal) onRefused(res.statusCode, value);
      body = JSON.stringify(refusal ? (REFUSALS[res.statusCode] ?? INTERNAL) : value);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
    },
    end: () => {
      if (res.writableEnded) return;
      // A bare refusal (botbuilder's 405, 400) gets its problem body too.
      if (body === undefined && res.statusCode >= 400) {
        body = JSON.stringify(REFUSALS[res.statusCode] ?? INTERNAL);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
      }
      if (body !== undefined) res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end(body);
    },
  };
}

/** Who may post activities: Teams, proven by its JWT; or, anonymously, only the Emulator beside the bot. */
export type TeamsInbound = { readonly kind: 'bot-framework'; readonly auth: BotFrameworkAuthentication } | { readonly kind: 'anonymous' };

export interface TeamsEndpointOptions {
  readonly adapter: CloudAdapter;
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly maxBytes: number;
  readonly inbound: TeamsInbound;
  readonly log: Logger;
}

/**
 * `POST /api/messages`. With an app id the Bot Framework JWT is checked from the headers before a
 * byte of the body is read (401 otherwise, and the connection is closed on the rest); then the
 * body is read (bounded, strict JSON) and handed to botbuilder, which checks the token again
 * against the activity (its serviceUrl must be the one the token names) and answers with the
 * invoke response, if the turn set one. Anonymous (no app id, TEAMS_ALLOW_ANONYMOUS): no token
 * proves anything, so the body is held to 64 KiB and only activities whose serviceUrl is on this
 * machine are taken; any other is refused (403) before a reference is stored or a reply sent.
 */
export function teamsEndpoint(options: TeamsEndpointOptions) {
  const { inbound, log } = options;
  const refused = (status: number, detail: unknown) => log.info({ status, detail: String(detail) }, 'Teams: /api/messages refused a request');
  const maxBytes = inbound.kind === 'anonymous' ? Math.min(options.maxBytes, UNAUTHENTICATED_BODY_BYTES) : options.maxBytes;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (inbound.kind === 'bot-framework') {
      const problem = await tokenProblem(inbound.auth, req.headers.authorization);
      if (problem !== undefined) {
        refused(401, problem);
        return sendJson(res, 401, REFUSALS[401], { closeConnection: true });
      }
    }
    const body = await readJsonBody(req, { maxBytes });
    if (!body.ok) return sendJson(res, body.problem.status, body.problem.body, { closeConnection: body.bodyUnread });
    if (inbound.kind === 'anonymous' && !isLoopbackServiceUrl((body.value as { serviceUrl?: unknown } | null)?.serviceUrl)) return sendJson(res, 403, NOT_LOOPBACK.body);
    const request = { method: req.method, headers: req.headers as Record<string, string | string[] | undefined>, body: body.value as Record<string, unknown> };
    await options.adapter.process(request, botResponse(res, refused) as never, options.logic);
  };
}

const NOT_LOOPBACK = httpProblem(403, 'forbidden', 'anonymous Teams mode (no MICROSOFT_APP_ID) takes only activities whose serviceUrl is a loopback address (the Bot Framework Emulator)');

/** The channel a token's signing key must be endorsed for, checked before the activity that names it is read: Tocsin is a Teams bot. */
const TEAMS_CHANNEL = 'msteams';

/**
 * Why the Authorization header does not prove a Bot Framework channel (or Emulator) sent this, or
 * undefined when it does: issuer, signature, audience (our app id), expiry and endorsement, all
 * but the serviceUrl, which is in the body. Any failure is a refusal, whatever the library threw.
 */
async function tokenProblem(auth: BotFrameworkAuthentication, header: string | undefined): Promise<string | undefined> {
  if (!header?.trim()) return 'no Authorization header';
  try {
    await auth.authenticateStreamingRequest(header, TEAMS_CHANNEL);
    return undefined;
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
}
