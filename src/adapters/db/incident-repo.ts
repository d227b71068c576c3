import { type Kysely, type Selectable, sql } from 'kysely';
import type { IncidentStatus } from '../../domain/incident/incident';
import type { Severity } from '../../domain/incident/severity';
import type { IncidentDetails, IncidentPatch, IncidentRepo, NewIncident } from '../../app/ports/store';
import type { Database, IncidentsTable } from './schema';
import type { Dialect } from './connect';

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

export function incidentRepo(db: Kysely<Database>, dialect: Dialect): IncidentRepo {
  const one = async (q: Promise<Selectable<IncidentsTable> | undefined>) => {
    const r = await q;
    return r ? toIncident(r) : undefined;
  };
  return {
    async create(data: NewIncident) {
      // The counter row is updated inside the caller's transaction: a rollback returns the number,
      // and concurrent creators queue on the row (PostgreSQL) or on the single writer (SQLite).
      const { value } = await db.updateTable('counters').set({ value: sql`value + 1` }).where('name', '=', 'incident').returning('value').executeTakeFirstOrThrow();
      const row = await db
        .insertInto('incidents')
        .values({
          number: Number(value),
          title: data.title,
          severity: data.severity,
          status: 'triggered',
          service_id: data.serviceId,
          dedup_key: data.dedupKey,
          integration_id: data.integrationId,
          escalation_policy: data.escalationPolicy ? JSON.stringify(data.escalationPolicy) : null,
          created_at: data.createdAt,
          last_activity_at: data.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // What was just written, without reading it back and re-parsing the policy JSON.
      const { title, severity, serviceId, dedupKey, integrationId, escalationPolicy, createdAt } = data;
      const unset = { acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, assignee: null };
      return { id: Number(row.id), number: Number(value), status: 'triggered', title, severity, serviceId, dedupKey, integrationId, escalationPolicy, createdAt, ...unset, alertCount: 0, lastActivityAt: createdAt };
    },
    byNumber: (number) => one(db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirst()),
    byId: (id) => one(db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst()),
    // 'resolved' as a literal, not a parameter: SQLite proves a query may use the partial index
    // incidents_open_dedup from its text; with a parameter it re-prepares the statement at every bind.
    openByDedupKey: (key) => one(db.selectFrom('incidents').selectAll().where('dedup_key', '=', key).where('status', '<>', sql.lit('resolved')).executeTakeFirst()),
    async lock(id) {
      if (dialect === 'postgres') await db.selectFrom('incidents').select('id').where('id', '=', id).forUpdate().execute();
    },
    async update(id, patch: IncidentPatch) {
      const set: Record<string, unknown> = {};
      if (patch.title !== undefined) set.title = patch.title;
      if (patch.severity !== undefined) set.severity = patch.severity;
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.acknowledgedAt !== undefined) set.acknowledged_at = patch.acknowledgedAt;
      if (patch.acknowledgedBy !== undefined) set.acknowledged_by = patch.acknowledgedBy;
      if (patch.resolvedAt !== undefined) set.resolved_at = patch.resolvedAt;
      if (patch.resolvedBy !== undefined) set.resolved_by = patch.resolvedBy;
      if (patch.assignee !== undefined) set.assignee = patch.assignee;
      if (Object.keys(set).length === 0) return;
      await db.updateTable('incidents').set(set).where('id', '=', id).execute();
    },
    async list(filter = {}) {
      let q = db.selectFrom('incidents').selectAll().orderBy('number', 'desc');
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.since) q = q.where('created_at', '>=', filter.since);
      if (filter.limit) q = q.limit(filter.limit);
      return (await q.execute()).map(toIncident);
    },
  };
}
