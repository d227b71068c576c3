import { type Kysely, type Selectable, sql } from 'kysely';
import type { AlertRepo, StoredAlert } from '../../app/ports/store';
import type { AlertsTable, Database } from './schema';

function toAlert(r: Selectable<AlertsTable>): StoredAlert {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    fingerprint: r.fingerprint,
    status: r.status as StoredAlert['status'],
    title: r.title,
    labels: JSON.parse(r.labels),
    details: JSON.parse(r.details),
    links: JSON.parse(r.links),
    repeatCount: Number(r.repeat_count),
    lastSeenAt: r.last_seen_at,
  };
}

export function alertRepo(db: Kysely<Database>): AlertRepo {
  return {
    async find(incidentId, fingerprint) {
      const r = await db.selectFrom('alerts').selectAll().where('incident_id', '=', incidentId).where('fingerprint', '=', fingerprint).executeTakeFirst();
      return r ? toAlert(r) : undefined;
    },
    async insert(a) {
      // The stored alert is what we were given: returning only the id spares re-reading and
      // re-parsing the JSON columns just written.
      const r = await db
        .insertInto('alerts')
        .values({
          incident_id: a.incidentId,
          fingerprint: a.fingerprint,
          status: a.status,
          title: a.title,
          labels: JSON.stringify(a.labels),
          details: JSON.stringify(a.details),
          links: JSON.stringify(a.links),
          starts_at: a.startsAt ?? null,
          ends_at: a.endsAt ?? null,
          first_seen_at: a.lastSeenAt,
          last_seen_at: a.lastSeenAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.updateTable('incidents').set({ alert_count: sql`alert_count + 1` }).where('id', '=', a.incidentId).execute();
      return { id: Number(r.id), incidentId: a.incidentId, fingerprint: a.fingerprint, status: a.status, title: a.title, labels: a.labels, details: a.details, links: a.links, repeatCount: 0, lastSeenAt: a.lastSeenAt };
    },
    async touch(id, at) {
      await db.updateTable('alerts').set({ repeat_count: sql`repeat_count + 1`, last_seen_at: at }).where('id', '=', id).execute();
    },
    async setStatus(id, status, at, endsAt) {
      await db.updateTable('alerts').set({ status, last_seen_at: at, ends_at: endsAt ?? null }).where('id', '=', id).execute();
    },
    async listFor(incidentId) {
      return (await db.selectFrom('alerts').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute()).map(toAlert);
    },
    async countFiring(incidentId) {
      const r = await db.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).where('incident_id', '=', incidentId).where('status', '=', 'firing').executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
