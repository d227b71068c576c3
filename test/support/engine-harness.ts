import pino from 'pino';
import { sqlStore } from '../../src/adapters/db/sql-store';
import type { Db } from '../../src/adapters/db/connect';
import { applyPolicy } from '../../src/app/policy/apply-policy';
import { acknowledge } from '../../src/app/incident-lifecycle/acknowledge';
import { escalate } from '../../src/app/incident-lifecycle/change-incident';
import { openIncident } from '../../src/app/open-incident';
import type { IncidentDetails, Store } from '../../src/app/ports/store';
import { checkPolicyText } from '../../src/config/policy-check';
import type { TimelineEntry } from '../../src/domain/timeline/timeline-entry';
import { loadEnv, type Context } from '../../src/main/context';
import { createScheduler, type Scheduler } from '../../src/main/scheduler-wiring';
import { FakeClock } from '../fakes/fake-clock';
import type { DialectCase } from './dialects';
import { escalationPolicy } from './policies';

/** The escalation tests' policy (test/support/policies.ts: escalationPolicy), as text. */
export const POLICY = escalationPolicy().yaml();

/** Wednesday 2026-01-07 10:00 UTC (11:00 in Berlin): alice is on call for `primary`. */
export const T0 = '2026-01-07T10:00:00.000Z';
export const MIN = 60_000;
export const at = (minutes: number, from = T0) => new Date(Date.parse(from) + minutes * MIN);

export interface OutboxRow {
  readonly platform: string;
  readonly kind: string;
  readonly payload: Record<string, any>;
  readonly createdAt: string;
}

export interface EngineHarness {
  readonly db: Db;
  /** DATABASE_URL naming this test's database (and schema), for the CLI and other processes. */
  readonly databaseUrl: string;
  readonly store: Store;
  readonly clock: FakeClock;
  readonly scheduler: Scheduler;
  /** A second scheduler on the same database: another replica, or the same one restarted. */
  newScheduler(claimant: string): Scheduler;
  open(title?: string): Promise<IncidentDetails>;
  acknowledge(incident: IncidentDetails, person: string): Promise<void>;
  /** What `/incident escalate` does (src/app/commands): the escalation key, due now, `manual: true`. */
  escalateByHand(incident: IncidentDetails): Promise<void>;
  note(incident: IncidentDetails, text: string): Promise<void>;
  timeline(incident: IncidentDetails): Promise<readonly TimelineEntry[]>;
  outbox(kind?: string): Promise<OutboxRow[]>;
  timers(): Promise<{ key: string; kind: string; due_at: string; fired_at: string | null; payload: string }[]>;
  cleanup(): Promise<void>;
}

export async function openEngine(dialect: DialectCase, policyText = POLICY, start = T0): Promise<EngineHarness> {
  const opened = await dialect.open();
  const clock = new FakeClock(start);
  const store = sqlStore(opened.db, clock);
  const check = checkPolicyText(policyText, { TOCSIN_GENERIC_TOKEN: 'secret-token' });
  if (!check.policy) throw new Error(`test policy: ${JSON.stringify(check.errors)}`);
  await applyPolicy({ store, clock }, check.policy);
  const ctx: Context = { env: loadEnv({ PUBLIC_URL: 'https://tocsin.example.com' }), log: pino({ level: 'silent' }), db: opened.db, store, clock, close: async () => undefined };
  const newScheduler = (claimant: string) => createScheduler(ctx, { claimant });
  const tx = <T>(work: Parameters<Store['transaction']>[0]) => store.transaction(work) as Promise<T>;
  return {
    db: opened.db,
    databaseUrl: opened.schema ? `${opened.url}${opened.url.includes('?') ? '&' : '?'}schema=${opened.schema}` : opened.url,
    store,
    clock,
    scheduler: newScheduler('test-1'),
    newScheduler,
    open: (title = 'Payments API 5xx') =>
      store.transaction((t) => openIncident(t, { title, severity: 'sev2', serviceId: 'payments', dedupKey: `k-${title}`, integrationId: 'generic', actor: { kind: 'source', id: 'generic' }, now: clock.now(), openedText: title })),
    // The lifecycle verbs every path uses, not copies of them.
    acknowledge: (incident, person) =>
      tx(async (t) => {
        await t.incidents.lock(incident.id);
        await acknowledge(t, (await t.incidents.byId(incident.id))!, { actor: { kind: 'person', id: person } }, clock.now());
      }),
    escalateByHand: (incident) =>
      tx(async (t) => {
        await escalate(t, (await t.incidents.byId(incident.id))!, { actor: { kind: 'person', id: 'alice' } }, clock.now());
      }),
    note: (incident, text) => tx((t) => t.timeline.append(incident.id, { at: clock.now().toISOString(), actor: { kind: 'person', id: 'alice' }, kind: 'note', text })),
    timeline: (incident) => store.read.timeline.list(incident.id),
    async outbox(kind) {
      let q = opened.db.kysely.selectFrom('outbox').select(['platform', 'kind', 'payload', 'created_at']).orderBy('id');
      if (kind) q = q.where('kind', '=', kind);
      return (await q.execute()).map((r) => ({ platform: r.platform, kind: r.kind, payload: JSON.parse(r.payload), createdAt: r.created_at }));
    },
    timers: () => opened.db.kysely.selectFrom('timers').select(['key', 'kind', 'due_at', 'fired_at', 'payload']).orderBy('key').execute(),
    cleanup: async () => {
      await store.drain();
      await opened.cleanup();
    },
  };
}

/** `+10m carol`: each page as minutes after T0 and who, from the timeline. */
export function pagesOf(timeline: readonly TimelineEntry[], from = T0): string[] {
  return timeline
    .filter((e) => e.kind === 'incident.paged')
    .map((e) => `+${(Date.parse(e.at) - Date.parse(from)) / MIN}m ${typeof e.data.person === 'string' ? e.data.person : `#${(e.data.channel as { id: string }).id}`}`);
}
