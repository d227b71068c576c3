import { type Kysely, type Selectable, sql } from 'kysely';
import { chainEntry, type ActorKind, type TimelineEntry } from '../../domain/timeline/timeline-entry';
import type { TimelineRepo } from '../../app/ports/store';
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
      if (head?.activityAt !== entry.at) await db.updateTable('incidents').set({ last_activity_at: entry.at }).where('id', '=', incidentId).execute();
      if (!head) {
        // LIMIT as a literal: bound as a parameter, SQLite takes several times as long to find the head.
        const row = await db.selectFrom('timeline_entries').select(['seq', 'hash']).where('incident_id', '=', incidentId).orderBy('seq', 'desc').limit(sql.lit(1)).executeTakeFirst();
        head = row ? { seq: Number(row.seq), hash: row.hash, activityAt: '' } : undefined;
      }
      const e = chainEntry(incidentId, head ? { seq: head.seq, hash: head.hash } : undefined, entry);
      await db
        .insertInto('timeline_entries')
        .values({ incident_id: incidentId, seq: e.seq, at: e.at, actor_kind: e.actor.kind, actor_id: e.actor.id, kind: e.kind, text: e.text, data: JSON.stringify(e.data), prev_hash: e.prevHash, hash: e.hash })
        .execute();
      heads.set(incidentId, { seq: e.seq, hash: e.hash, activityAt: e.at });
      return e;
    },
    async list(incidentId) {
      return (await db.selectFrom('timeline_entries').selectAll().where('incident_id', '=', incidentId).orderBy('seq').execute()).map(toEntry);
    },
  };
}
