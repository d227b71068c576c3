import type { Kysely } from 'kysely';
import type { ChannelLink, ChannelRepo } from '../../app/ports/store';
import type { Database } from './schema';

export function channelRepo(db: Kysely<Database>, now: () => string): ChannelRepo {
  const map = (r: { incident_id: number; platform: string; channel_id: string; name: string; announcement_ref: string | null }): ChannelLink => ({
    incidentId: Number(r.incident_id),
    platform: r.platform,
    channelId: r.channel_id,
    name: r.name,
    announcementRef: r.announcement_ref,
  });
  return {
    async forIncident(incidentId) {
      return (await db.selectFrom('chat_channels').selectAll().where('incident_id', '=', incidentId).execute()).map(map);
    },
    async byChannel(platform, channelId) {
      const r = await db.selectFrom('chat_channels').selectAll().where('platform', '=', platform).where('channel_id', '=', channelId).executeTakeFirst();
      return r ? map(r) : undefined;
    },
    async save(link) {
      await db
        .insertInto('chat_channels')
        .values({ incident_id: link.incidentId, platform: link.platform, channel_id: link.channelId, name: link.name, announcement_ref: link.announcementRef, created_at: now() })
        .onConflict((oc) => oc.columns(['incident_id', 'platform']).doUpdateSet({ channel_id: link.channelId, name: link.name, announcement_ref: link.announcementRef }))
        .execute();
    },
  };
}
