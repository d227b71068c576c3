import type { Kysely, Selectable } from 'kysely';
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

export function timelineRepo(db: Kysely<Database>): TimelineRepo {
  return {
    async append(incidentId, entry) {
      // Touching the incident row first takes its row lock on PostgreSQL, so two replicas appending to
      // one incident cannot both read the same head; (incident_id, seq) is unique as a last guard.
      await db.updateTable('incidents').set({ last_activity_at: entry.at }).where('id', '=', incidentId).execute();
      const head = await db.selectFrom('timeline_entries').select(['seq', 'hash']).where('incident_id', '=', incidentId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const e = chainEntry(incidentId, head ? { seq: Number(head.seq), hash: head.hash } : undefined, entry);
      await db
        .insertInto('timeline_entries')
        .values({ incident_id: incidentId, seq: e.seq, at: e.at, actor_kind: e.actor.kind, actor_id: e.actor.id, kind: e.kind, text: e.text, data: JSON.stringify(e.data), prev_hash: e.prevHash, hash: e.hash })
        .execute();
      return e;
    },
    async list(incidentId) {
      return (await db.selectFrom('timeline_entries').selectAll().where('incident_id', '=', incidentId).orderBy('seq').execute()).map(toEntry);
    },
  };
}
