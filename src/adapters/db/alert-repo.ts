import { type Kysely, type Selectable, sql } from 'kysely';
import type { AlertRepo, StoredAlert } from '../../app/ports/store';
import { prepare } from './prepared';
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

// Prepared once per dialect (see prepared.ts): these run for every alert of every webhook.
const find = prepare((db, a: { incidentId: number; fingerprint: string }) => db.selectFrom('alerts').selectAll().where('incident_id', '=', a.incidentId).where('fingerprint', '=', a.fingerprint));
const insert = prepare(
  (db, a: { incidentId: number; fingerprint: string; status: string; title: string; labels: string; details: string; links: string; startsAt: string | null; endsAt: string | null; lastSeenAt: string }) =>
    db
      .insertInto('alerts')
      .values({
        incident_id: a.incidentId,
        fingerprint: a.fingerprint,
        status: a.status,
        title: a.title,
        labels: a.labels,
        details: a.details,
        links: a.links,
        starts_at: a.startsAt,
        ends_at: a.endsAt,
        first_seen_at: a.lastSeenAt,
        last_seen_at: a.lastSeenAt,
      })
      .returning('id'),
);
const countAlert = prepare((db, a: { incidentId: number }) => db.updateTable('incidents').set({ alert_count: sql`alert_count + 1` }).where('id', '=', a.incidentId));
const touch = prepare((db, a: { id: number; at: string }) => db.updateTable('alerts').set({ repeat_count: sql`repeat_count + 1`, last_seen_at: a.at }).where('id', '=', a.id));
const setStatus = prepare((db, a: { id: number; status: string; at: string; endsAt: string | null }) => db.updateTable('alerts').set({ status: a.status, last_seen_at: a.at, ends_at: a.endsAt }).where('id', '=', a.id));
const countFiring = prepare((db, a: { incidentId: number }) => db.selectFrom('alerts').select((eb) => eb.fn.countAll().as('n')).where('incident_id', '=', a.incidentId).where('status', '=', 'firing'));

export function alertRepo(db: Kysely<Database>): AlertRepo {
  return {
    async find(incidentId, fingerprint) {
      const r = await find.first(db, { incidentId, fingerprint });
      return r ? toAlert(r) : undefined;
    },
    async insert(a) {
      // The stored alert is what we were given: returning only the id spares re-reading and
      // re-parsing the JSON columns just written.
      const r = await insert.firstOrThrow(db, { ...a, labels: JSON.stringify(a.labels), details: JSON.stringify(a.details), links: JSON.stringify(a.links), startsAt: a.startsAt ?? null, endsAt: a.endsAt ?? null });
      await countAlert.execute(db, { incidentId: a.incidentId });
      return { id: Number(r.id), incidentId: a.incidentId, fingerprint: a.fingerprint, status: a.status, title: a.title, labels: a.labels, details: a.details, links: a.links, repeatCount: 0, lastSeenAt: a.lastSeenAt };
    },
    async touch(id, at) {
      await touch.execute(db, { id, at });
    },
    async setStatus(id, status, at, endsAt) {
      await setStatus.execute(db, { id, status, at, endsAt: endsAt ?? null });
    },
    async listFor(incidentId) {
      return (await db.selectFrom('alerts').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute()).map(toAlert);
    },
    async countFiring(incidentId) {
      return Number((await countFiring.firstOrThrow(db, { incidentId })).n);
    },
  };
}
