import { type Kysely, type Selectable, sql } from 'kysely';
import { chainEntry, type ActorKind, type TimelineEntry } from '../../domain/timeline/timeline-entry';
import type { TimelineRepo } from '../../app/ports/store';
import { prepare } from './prepared';
import type { Database, TimelineEntriesTable } from './schema';

export function toEntry(r: Selectable<TimelineEntriesTable>): TimelineEntry {
  return {
    incidentId: Number(r.incident_id),
    seq: Number(r.seq),
    at: r.at,
    actor: { kind: r.actor_kind as ActorKind, id: r.actor_id },
    kind: r.kind,
    text: r.text,
    data: JSON.parse(r.data),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

// Prepared once per dialect (see prepared.ts): every timeline entry runs these.
const touchIncident = prepare((db, a: { incidentId: number; at: string }) => db.updateTable('incidents').set({ last_activity_at: a.at }).where('id', '=', a.incidentId));
// LIMIT as a literal: bound as a parameter, SQLite takes several times as long to find the head.
const selectHead = prepare((db, a: { incidentId: number }) => db.selectFrom('timeline_entries').select(['seq', 'hash']).where('incident_id', '=', a.incidentId).orderBy('seq', 'desc').limit(sql.lit(1)));
const insert = prepare(
  (db, a: { incidentId: number; seq: number; at: string; actorKind: string; actorId: string; kind: string; text: string; data: string; prevHash: string; hash: string }) =>
    db.insertInto('timeline_entries').values({ incident_id: a.incidentId, seq: a.seq, at: a.at, actor_kind: a.actorKind, actor_id: a.actorId, kind: a.kind, text: a.text, data: a.data, prev_hash: a.prevHash, hash: a.hash }),
);

/**
 * `db` is one job's connection or transaction. The repo remembers the head it read or wrote per
 * incident, so a webhook that appends three entries to one incident reads the head once: only this
 * job can move that head while it holds the incident row (PostgreSQL row lock, SQLite single
 * writer), and a job that fails is rolled back together with this repo. Use one repo per job.
 */
export function timelineRepo(db: Kysely<Database>): TimelineRepo {
  const heads = new Map<number, { readonly seq: number; readonly hash: string; readonly activityAt: string }>();
  return {
    async append(incidentId, entry) {
      let head = heads.get(incidentId);
      // Touching the incident row first takes its row lock on PostgreSQL, so two replicas appending to
      // one incident cannot both read the same head; (incident_id, seq) is unique as a last guard.
      if (head?.activityAt !== entry.at) await touchIncident.execute(db, { incidentId, at: entry.at });
      if (!head) {
        const row = await selectHead.first(db, { incidentId });
        head = row ? { seq: Number(row.seq), hash: row.hash, activityAt: '' } : undefined;
      }
      const e = chainEntry(incidentId, head ? { seq: head.seq, hash: head.hash } : undefined, entry);
      await insert.execute(db, { ...e, actorKind: e.actor.kind, actorId: e.actor.id, data: JSON.stringify(e.data) });
      heads.set(incidentId, { seq: e.seq, hash: e.hash, activityAt: e.at });
      return e;
    },
    async list(incidentId) {
      return (await db.selectFrom('timeline_entries').selectAll().where('incident_id', '=', incidentId).orderBy('seq').execute()).map(toEntry);
    },
  };
}
