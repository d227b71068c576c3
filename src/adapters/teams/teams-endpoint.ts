import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { ProblemCode } from '../shared/problem-json';
import { readJsonBody } from '../shared/read-body';
import { sendJson } from '../shared/send-json';

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
 * the invoke response, if the turn set one.
 */
export function teamsEndpoint(options: { adapter: CloudAdapter; logic: (context: TurnContext) => Promise<void>; maxBytes: number }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJsonBody(req, { maxBytes: options.maxBytes });
    if (!body.ok) return sendJson(res, body.problem.status, body.problem.body, { closeConnection: body.bodyUnread });
    const request = { method: req.method, headers: req.headers as Record<string, string | string[] | undefined>, body: body.value as Record<string, unknown> };
    await options.adapter.process(request, botResponse(res) as never, options.logic);
  };
}
