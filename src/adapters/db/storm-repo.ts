import type { Kysely } from 'kysely';
import type { StormRepo } from '../../app/ports/storms';
import type { Database } from './schema';

/** `service_storms` and `storm_incidents`: storm mode's state (src/app/storm/). */
export function stormRepo(db: Kysely<Database>): StormRepo {
  return {
    async active(serviceId) {
      const r = await db.selectFrom('service_storms').selectAll().where('service_id', '=', serviceId).where('ended_at', 'is', null).executeTakeFirst();
      return r && { serviceId: r.service_id, startedAt: r.started_at, perMinute: Number(r.per_minute), endedAt: r.ended_at };
    },
    async start(s) {
      await db
        .insertInto('service_storms')
        .values({ service_id: s.serviceId, started_at: s.startedAt, per_minute: s.perMinute, ended_at: null })
        .onConflict((oc) => oc.column('service_id').doUpdateSet({ started_at: s.startedAt, per_minute: s.perMinute, ended_at: null }))
        .execute();
    },
    async end(serviceId, startedAt, endedAt) {
      await db.updateTable('service_storms').set({ ended_at: endedAt }).where('service_id', '=', serviceId).where('started_at', '=', startedAt).where('ended_at', 'is', null).execute();
    },
    async countOpened(serviceId, from, to, atMost) {
      if (atMost <= 0) return 0;
      // The LIMIT inside: the index range is walked no further than `atMost` rows.
      const window = db.selectFrom('incidents').select('id').where('service_id', '=', serviceId).where('created_at', '>=', from).where('created_at', '<', to).limit(atMost).as('w');
      const r = await db.selectFrom(window).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async addIncident(i) {
      await db
        .insertInto('storm_incidents')
        .values({ incident_id: i.incidentId, service_id: i.serviceId, storm_started_at: i.stormStartedAt, minute_at: i.minuteAt, channel_at: null })
        .onConflict((oc) => oc.column('incident_id').doNothing())
        .execute();
    },
    async find(incidentId) {
      const r = await db.selectFrom('storm_incidents').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
      return r && { incidentId: Number(r.incident_id), serviceId: r.service_id, stormStartedAt: r.storm_started_at, minuteAt: r.minute_at, channelAt: r.channel_at };
    },
    async markChannel(incidentId, at) {
      const r = await db.updateTable('storm_incidents').set({ channel_at: at }).where('incident_id', '=', incidentId).where('channel_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async incidentsOf(serviceId, stormStartedAt) {
      const rows = await db.selectFrom('storm_incidents').select('incident_id').where('service_id', '=', serviceId).where('storm_started_at', '=', stormStartedAt).orderBy('incident_id').execute();
      return rows.map((r) => Number(r.incident_id));
    },
    async digest(serviceId, minuteAt) {
      const rows = await db
        .selectFrom('storm_incidents as s')
        .innerJoin('incidents as i', 'i.id', 's.incident_id')
        .select(['i.number', 'i.title', 's.channel_at'])
        .where('s.service_id', '=', serviceId)
        .where('s.minute_at', '=', minuteAt)
        .orderBy('i.number')
        .execute();
      return rows.map((r) => ({ number: Number(r.number), title: r.title, channelAsked: r.channel_at !== null }));
    },
  };
}
