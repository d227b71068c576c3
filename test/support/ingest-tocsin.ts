import { sql } from 'kysely';
import { WEBHOOK_KINDS, type WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';
import type { Clock } from '../../src/app/ports/clock';
import type { Running } from '../../src/main/serve';
import { verifyChain } from '../../src/domain/timeline/timeline-entry';
import { bootTocsin, type Answer } from './boot-tocsin';
import { integrationId, PROCESS_TOKENS } from './policies';
import type { TocsinSetup } from './tocsin-setup';

import { PATHS as WEBHOOK_PATHS } from './webhook-payloads';

export { WEBHOOK_PATHS };

export type { Answer };

export interface RowCounts {
  readonly incidents: number;
  readonly alerts: number;
  readonly timeline: number;
  readonly outbox: number;
}

export interface IngestTocsin {
  readonly running: Running;
  readonly url: string;
  readonly clock: Clock;
  /** TOCSIN_CONFIG, the tokens and the temp directory; `dir` holds the SQLite file. */
  readonly setup: TocsinSetup;
  /**
   * POSTs to `kind`'s endpoint. The right token goes in `Authorization: Bearer` (PagerDuty: as the
   * body's `routing_key` when the body is an object without one) unless `headers` set their own.
   */
  post(kind: WebhookKind, body: unknown, headers?: Record<string, string>, query?: string): Promise<Answer>;
  rows(): Promise<RowCounts>;
  /**
   * What must hold after any sequence of webhooks: every incident has an alert and an
   * `incident.opened` entry, its alert count matches its alerts, and its timeline chain verifies.
   * The broken ones, said in words; empty when all is well.
   */
  partialIncidents(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The whole bot in this process, on a temporary SQLite file, with the child-process tests' policy
 * (one integration of every kind, tokens in the environment), a fake clock unless `clock` is given, no rate limits (per
 * integration, or on failed authentications), and the scheduler and outbox workers stopped: what a
 * webhook did is all there is in the database.
 */
export async function startIngestTocsin(options: { env?: Record<string, string>; startScheduler?: boolean; clock?: Clock } = {}): Promise<IngestTocsin> {
  const tocsin = await bootTocsin<Clock>({
    ...(options.clock ? { clock: options.clock } : {}),
    env: { WEBHOOK_RATE_LIMIT: '0', AUTH_FAILURE_LIMIT: '0', ...options.env },
    start: { startScheduler: options.startScheduler ?? false },
    dirPrefix: 'tocsin-proc-',
  });
  const running = tocsin.running;
  const k = running.ctx.db.kysely;
  const count = async (table: 'incidents' | 'alerts' | 'timeline_entries' | 'outbox') => Number((await k.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    running,
    url: running.url,
    clock: tocsin.clock,
    setup: tocsin.setup,
    post(kind, body, headers, query = '') {
      const withKey = kind === 'pagerduty' && isObject(body) && !('routing_key' in body) ? { ...body, routing_key: PROCESS_TOKENS.pagerduty } : body;
      const auth: Record<string, string> = kind === 'pagerduty' ? {} : { authorization: `Bearer ${PROCESS_TOKENS[kind]}` };
      return tocsin.post(`${WEBHOOK_PATHS[kind]}${query}`, withKey, { ...auth, ...headers });
    },
    async rows() {
      return { incidents: await count('incidents'), alerts: await count('alerts'), timeline: await count('timeline_entries'), outbox: await count('outbox') };
    },
    async partialIncidents() {
      const problems: string[] = [];
      const incidents = await k.selectFrom('incidents').select(['id', 'number', 'alert_count']).execute();
      const alertsOf = new Map((await sql<{ incident_id: number; n: number }>`SELECT incident_id, COUNT(*) AS n FROM alerts GROUP BY incident_id`.execute(k)).rows.map((r) => [Number(r.incident_id), Number(r.n)]));
      for (const i of incidents) {
        const ref = `INC-${i.number}`;
        const alerts = alertsOf.get(Number(i.id)) ?? 0;
        if (alerts === 0) problems.push(`${ref} has no alert`);
        if (alerts !== Number(i.alert_count)) problems.push(`${ref} counts ${i.alert_count} alerts but has ${alerts}`);
        const timeline = await running.ctx.store.read.timeline.list(Number(i.id));
        if (timeline[0]?.kind !== 'incident.opened') problems.push(`${ref} does not start with incident.opened`);
        const chain = verifyChain(timeline);
        if (!chain.ok) problems.push(`${ref}: timeline entry ${chain.seq}: ${chain.reason}`);
      }
      return problems;
    },
    stop: tocsin.stop,
  };
}

export { integrationId, PROCESS_TOKENS, WEBHOOK_KINDS };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
