import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { httpProblem, type ProblemCode } from '../shared/problem-json';
import { readJsonBody } from '../shared/read-body';
import { sendJson } from '../shared/send-json';
import { isLoopbackServiceUrl } from './loopback-service-url';

const PROBLEM_CODES: Readonly<Record<number, ProblemCode>> = { 400: 'invalid_payload', 401: 'unauthorized', 405: 'method_not_allowed' };

/**
 * The slice of a restify/express response `CloudAdapter.process` writes to (`status`, `send`,
 * `end`, `header`), over Node's own ServerResponse: Tocsin's listener has no framework.
 */
export function botResponse(res: ServerResponse): { socket: unknown; status(code: number): void; header(name: string, value: unknown): void; send(body: unknown): void; end(): void } {
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
      // botbuilder refuses with a bare sentence; Tocsin answers refusals as problem JSON everywhere.
      const refusal = typeof value === 'string' && res.statusCode >= 400;
      body = JSON.stringify(refusal ? { error: PROBLEM_CODES[res.statusCode] ?? 'internal_error', message: value } : value);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
    },
    end: () => {
      if (res.writableEnded) return;
      if (body !== undefined) res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end(body);
    },
  };
}

/**
 * `POST /api/messages`: the body is read (bounded, strict JSON) and handed to botbuilder, which
 * checks the Bot Framework JWT before any of Tocsin's logic runs (401 otherwise) and answers with
 * the invoke response, if the turn set one. `anonymous` (no app id, TEAMS_ALLOW_ANONYMOUS): no
 * token proves anything, so only activities whose serviceUrl is on this machine (the Emulator)
 * are taken; any other is refused (403) before a reference is stored or a reply sent.
 */
export function teamsEndpoint(options: { adapter: CloudAdapter; logic: (context: TurnContext) => Promise<void>; maxBytes: number; anonymous: boolean }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJsonBody(req, { maxBytes: options.maxBytes });
    if (!body.ok) return sendJson(res, body.problem.status, body.problem.body, { closeConnection: body.bodyUnread });
    const activity = body.value as Record<string, unknown>;
    if (options.anonymous && !isLoopbackServiceUrl((body.value as { serviceUrl?: unknown } | null)?.serviceUrl)) return sendJson(res, 403, NOT_LOOPBACK.body);
    const request = { method: req.method, headers: req.headers as Record<string, string | string[] | undefined>, body: activity };
    await options.adapter.process(request, botResponse(res) as never, options.logic);
  };
}

const NOT_LOOPBACK = httpProblem(403, 'forbidden', 'anonymous Teams mode (no MICROSOFT_APP_ID) takes only activities whose serviceUrl is a loopback address (the Bot Framework Emulator)');
