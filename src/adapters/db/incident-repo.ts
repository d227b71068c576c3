import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { IncidentStatus } from '../../domain/incident/incident';
import type { Severity } from '../../domain/incident/severity';
import type { IncidentDetails, IncidentPageFilter, IncidentPatch, IncidentRepo, NewIncident } from '../../app/ports/store';
import type { Database, IncidentsTable } from './schema';
import type { Dialect } from './connect';
import { prepare, type Prepared } from './prepared';

export function toIncident(r: Selectable<IncidentsTable>): IncidentDetails {
  return {
    id: Number(r.id),
    number: Number(r.number),
    title: r.title,
    severity: r.severity as Severity,
    status: r.status as IncidentStatus,
    serviceId: r.service_id,
    dedupKey: r.dedup_key,
    integrationId: r.integration_id,
    escalationPolicy: r.escalation_policy ? JSON.parse(r.escalation_policy) : null,
    assignee: r.assignee,
    createdAt: r.created_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    alertCount: Number(r.alert_count),
    lastActivityAt: r.last_activity_at,
  };
}

// Prepared once per dialect (see prepared.ts): these run for every webhook.
const nextNumber = prepare((db) => db.updateTable('counters').set({ value: sql`value + 1` }).where('name', '=', 'incident').returning('value'));
const insert = prepare(
  (db, a: { number: number; title: string; severity: string; serviceId: string | null; dedupKey: string | null; integrationId: string | null; escalationPolicy: string | null; createdAt: string }) =>
    db
      .insertInto('incidents')
      .values({
        number: a.number,
        title: a.title,
        severity: a.severity,
        status: 'triggered',
        service_id: a.serviceId,
        dedup_key: a.dedupKey,
        integration_id: a.integrationId,
        escalation_policy: a.escalationPolicy,
        created_at: a.createdAt,
        last_activity_at: a.createdAt,
      })
      .returning('id'),
);
const byNumber = prepare((db, a: { number: number }) => db.selectFrom('incidents').selectAll().where('number', '=', a.number));
const byId = prepare((db, a: { id: number }) => db.selectFrom('incidents').selectAll().where('id', '=', a.id));
// 'resolved' as a literal, not a parameter: SQLite proves a query may use the partial index
// incidents_open_dedup from its text; with a parameter it re-prepares the statement at every bind.
const openByDedupKey = prepare((db, a: { key: string }) => db.selectFrom('incidents').selectAll().where('dedup_key', '=', a.key).where('status', '<>', sql.lit('resolved')));
const lock = prepare((db, a: { id: number }) => db.selectFrom('incidents').select('id').where('id', '=', a.id).forUpdate());

/** Patch field → column, in the order the SET lists them. */
const PATCH_COLUMNS = [
  ['title', 'title'],
  ['severity', 'severity'],
  ['status', 'status'],
  ['acknowledgedAt', 'acknowledged_at'],
  ['acknowledgedBy', 'acknowledged_by'],
  ['resolvedAt', 'resolved_at'],
  ['resolvedBy', 'resolved_by'],
  ['assignee', 'assignee'],
] as const satisfies readonly (readonly [keyof IncidentPatch, string])[];
/** One prepared update per set of patched columns: a handful in practice, 255 at most. */
const updates = new Map<string, Prepared<Record<string, unknown>, unknown>>();
function updateOf(columns: readonly string[]): Prepared<Record<string, unknown>, unknown> {
  const key = columns.join(',');
  let q = updates.get(key);
  if (!q) {
    q = prepare((db, a: Record<string, unknown>) => db.updateTable('incidents').set(Object.fromEntries(columns.map((c) => [c, a[c]]))).where('id', '=', a.id as number));
    updates.set(key, q);
  }
  return q;
}

export function incidentRepo(db: Kysely<Database>, dialect: Dialect): IncidentRepo {
  const one = async (q: Promise<Selectable<IncidentsTable> | undefined>) => {
    const r = await q;
    return r ? toIncident(r) : undefined;
  };
  return {
    async create(data: NewIncident) {
      // The counter row is updated inside the caller's transaction: a rollback returns the number,
      // and concurrent creators queue on the row (PostgreSQL) or on the single writer (SQLite).
      const value = Number((await nextNumber.firstOrThrow(db, {})).value);
      const row = await insert.firstOrThrow(db, { ...data, number: value, escalationPolicy: data.escalationPolicy ? JSON.stringify(data.escalationPolicy) : null });
      // What was just written, without reading it back and re-parsing the policy JSON.
      const { title, severity, serviceId, dedupKey, integrationId, escalationPolicy, createdAt } = data;
      const unset = { acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, assignee: null };
      return { id: Number(row.id), number: value, status: 'triggered', title, severity, serviceId, dedupKey, integrationId, escalationPolicy, createdAt, ...unset, alertCount: 0, lastActivityAt: createdAt };
    },
    byNumber: (number) => one(byNumber.first(db, { number })),
    byId: (id) => one(byId.first(db, { id })),
    openByDedupKey: (key) => one(openByDedupKey.first(db, { key })),
    async lock(id) {
      if (dialect === 'postgres') await lock.execute(db, { id });
    },
    async update(id, patch: IncidentPatch) {
      const args: Record<string, unknown> = { id };
      const columns: string[] = [];
      for (const [field, column] of PATCH_COLUMNS) {
        if (patch[field] === undefined) continue;
        columns.push(column);
        args[column] = patch[field];
      }
      if (columns.length === 0) return;
      await updateOf(columns).execute(db, args);
    },
    async list(filter = {}) {
      let q = db.selectFrom('incidents').selectAll().orderBy('number', 'desc');
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.since) q = q.where('created_at', '>=', filter.since);
      if (filter.limit) q = q.limit(filter.limit);
      return (await q.execute()).map(toIncident);
    },
    async page(filter: IncidentPageFilter) {
      const matches = (eb: ExpressionBuilder<Database, 'incidents'>) =>
        eb.and([
          ...(filter.status === 'open' ? [eb('status', '<>', sql.lit('resolved'))] : filter.status ? [eb('status', '=', filter.status)] : []),
          ...(filter.serviceId ? [eb('service_id', '=', filter.serviceId)] : []),
        ]);
      const rows = await db
        .selectFrom('incidents')
        .selectAll()
        .where(matches)
        .orderBy(sql`case when status = 'resolved' then 1 else 0 end`)
        .orderBy('number', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      const counted = await db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).where(matches).executeTakeFirstOrThrow();
      return { incidents: rows.map(toIncident), total: Number(counted.n) };
    },
  };
}
