import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { send, type Answer } from '../../support/http-test-client';
import type { IncomingAlert } from '../../../src/domain/alert/alert';
import type { Result } from '../../../src/domain/problem';
import { WEBHOOK_KINDS, type IngestOutcome, type ParsedWebhook, type WebhookKind } from '../../../src/adapters/webhooks/parsed-webhook';
import type { WebhookIntegration } from '../../../src/adapters/webhooks/webhook-auth';
import { createWebhookHandler, type WebhookRejection } from '../../../src/adapters/webhooks/webhook-handler';

import { PATHS } from '../../support/webhook-payloads';

export { PATHS, payload } from '../../support/webhook-payloads';

export const TOKENS = {
  alertmanager: 'am-secret-token',
  grafana: 'grafana-secret-token',
  datadog: 'datadog-secret-token',
  pagerduty: 'e93facc04764012d7bfb002500d5d1a6',
  generic: 'generic-secret-token',
} as const satisfies Record<WebhookKind, string>;

export const INTEGRATIONS: readonly WebhookIntegration[] = WEBHOOK_KINDS.map((kind) => ({ id: `${kind}-1`, kind, token: TOKENS[kind], serviceId: 'web' }));


export interface IngestCall {
  readonly integration: WebhookIntegration;
  readonly parsed: ParsedWebhook;
}

export interface TestServer {
  readonly port: number;
  readonly ingestCalls: IngestCall[];
  readonly rejections: { integrationId: string | undefined; reason: WebhookRejection }[];
  /** Bytes the server read from each closed connection: proof of when it stopped reading. */
  readonly closedSocketBytes: number[];
  /** What the fake ingest does; by default it answers INC-1 for every groupKey. */
  ingest: (integration: WebhookIntegration, parsed: ParsedWebhook) => Promise<IngestOutcome>;
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1, port 0, with one handler per source and a recording ingest. */
export async function startWebhookServer(options: { maxBytes?: number; admit?: (integration: WebhookIntegration, refusable: boolean) => number | undefined } = {}): Promise<TestServer> {
  const state: TestServer = {
    port: 0,
    ingestCalls: [],
    rejections: [],
    closedSocketBytes: [],
    ingest: async (_integration, parsed) => ({
      incidents: [...new Set(parsed.alerts.map((a) => a.groupKey))].map((dedupKey) => ({ ref: 'INC-1', dedupKey })),
    }),
    close: async () => {},
  };
  const handlers = new Map(
    WEBHOOK_KINDS.map((kind) => [
      PATHS[kind],
      createWebhookHandler({
        kind,
        integrations: () => INTEGRATIONS,
        maxBytes: options.maxBytes ?? 1024 * 1024,
        ingest: (integration, parsed) => {
          state.ingestCalls.push({ integration, parsed });
          return state.ingest(integration, parsed);
        },
        onRejected: (integrationId, reason) => state.rejections.push({ integrationId, reason }),
        retryAfterSeconds: 7,
        ...(options.admit ? { admit: options.admit } : {}),
      }),
    ]),
  );
  const server = http.createServer((req, res) => {
    const handler = handlers.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!handler) {
      res.statusCode = 404;
      res.end();
      return;
    }
    void handler(req, res);
  });
  server.on('connection', (socket) => socket.on('close', () => state.closedSocketBytes.push(socket.bytesRead)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** POSTs JSON to a source's endpoint with its right token (PagerDuty: in the body already). */
export function postJson(port: number, kind: WebhookKind, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const auth: Record<string, string> = kind === 'pagerduty' ? {} : { authorization: `Bearer ${TOKENS[kind]}` };
  return send(port, { path: PATHS[kind], headers: { 'content-type': 'application/json', ...auth, ...headers }, body: JSON.stringify(body) });
}

/** The alerts of a parse that must succeed; its problems in the failure message otherwise. */
export function alertsOrThrow(result: Result<ParsedWebhook>): readonly IncomingAlert[] {
  if (!result.ok) throw new Error(`expected the payload to parse: ${JSON.stringify(result.problems)}`);
  return result.value.alerts;
}
