import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_KINDS, type WebhookKind } from '../../../src/adapters/webhooks/parsed-webhook';
import { WEBHOOK_SOURCES } from '../../../src/adapters/webhooks/webhook-sources';
import { payload, postJson, startWebhookServer, TOKENS, type TestServer } from './webhook-test-server';
import { incomingAlertProblems } from './valid-incoming-alert';

const SAMPLES: Readonly<Record<WebhookKind, readonly unknown[]>> = {
  alertmanager: [payload('alertmanager-firing.json'), payload('alertmanager-resolved.json'), payload('alertmanager-firing-v0.32.json')],
  grafana: [payload('grafana-firing.json'), payload('grafana-resolved.json')],
  datadog: [payload('datadog-webhook-default-rendered.json'), payload('datadog-webhook-extended-template.json')],
  pagerduty: ['pagerduty-v2-trigger.json', 'pagerduty-v2-acknowledge.json', 'pagerduty-v2-resolve.json'].map((f) => ({ ...payload(f), routing_key: TOKENS.pagerduty })),
  generic: [{ dedup_key: 'k', action: 'trigger', title: 't', severity: 'sev2', source: 's', details: {}, links: ['https://x.example'] }],
};

type Path = readonly (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [at];
  const children = Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, Array.isArray(value) ? Number(k) : k]));
  return [at, ...children];
}

/** A copy of `value` with the thing at `path` replaced (or deleted when `replacement` is undefined). */
function mutate(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: any = structuredClone(value);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

/** A real sample broken in one or two places, or any JSON value at all. */
function bodyFor(kind: WebhookKind): fc.Arbitrary<unknown> {
  const edit = fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }));
  const broken = fc.tuple(fc.constantFrom(...SAMPLES[kind]), fc.array(edit, { minLength: 1, maxLength: 2 })).map(([sample, edits]) =>
    edits.reduce((body, [pick, replacement]) => {
      const paths = pathsOf(body);
      return mutate(body, paths[pick % paths.length] ?? [], replacement);
    }, sample),
  );
  return fc.oneof(broken, fc.jsonValue(), fc.constantFrom(...SAMPLES[kind]));
}

const anyPost = fc.constantFrom(...WEBHOOK_KINDS).chain((kind) => fc.tuple(fc.constant(kind), bodyFor(kind)));

describe('any JSON to any source', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startWebhookServer();
  });
  afterAll(() => server.close());

  it('parse never throws and only ever yields valid alerts', () => {
    fc.assert(
      fc.property(anyPost, ([kind, body]) => {
        const result = WEBHOOK_SOURCES[kind].parse(body);
        if (result.ok) {
          expect(result.value.alerts.length).toBeGreaterThan(0);
          for (const alert of result.value.alerts) expect(incomingAlertProblems(alert)).toEqual([]);
        } else expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('the handler answers 2xx or 4xx, never 5xx, and ingest sees only valid parsed alerts', async () => {
    await fc.assert(
      fc.asyncProperty(anyPost, async ([kind, body]) => {
        server.ingestCalls.length = 0;
        const answer = await postJson(server.port, kind, body);
        expect(answer.status === 202 || (answer.status >= 400 && answer.status < 500)).toBe(true);
        expect(server.ingestCalls).toHaveLength(answer.status === 202 ? 1 : 0);
        for (const call of server.ingestCalls) {
          expect(call.integration.kind).toBe(kind);
          for (const alert of call.parsed.alerts) expect(incomingAlertProblems(alert)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
