import type { Kysely } from 'kysely';
import type { ProcessedEvents } from '../../app/ports/processed-events';
import type { Database } from './schema';

/** `processed_events`: the primary key (source, event_id) decides which of two racing deliveries wins. */
export function processedEventsRepo(db: Kysely<Database>): ProcessedEvents {
  return {
    async claim(source, eventId, at) {
      const r = await db
        .insertInto('processed_events')
        .values({ source, event_id: eventId, at })
        .onConflict((oc) => oc.columns(['source', 'event_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async release(source, eventId) {
      await db.deleteFrom('processed_events').where('source', '=', source).where('event_id', '=', eventId).execute();
    },
    async purgeBefore(before) {
      const r = await db.deleteFrom('processed_events').where('at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
