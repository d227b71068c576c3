import type { Kysely } from 'kysely';

// Frozen in time: typed Kysely<any>. Storm mode (SPEC "Alert storms"), kept in the database so
// every replica agrees whether a service is in a storm:
// - service_storms: one row per service, its current or last storm; `ended_at` null while it lasts.
// - storm_incidents: the incidents opened during a storm (no channel of their own), the storm and
//   the digest minute they belong to, and when a channel was asked for (`channel_at`), so asking
//   twice opens one channel.
// - incidents_by_service_created: counting a service's incidents of the last minute at every open.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_storms')
    .addColumn('service_id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('per_minute', 'integer', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema
    .createTable('storm_incidents')
    .addColumn('incident_id', 'integer', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('storm_started_at', 'text', (c) => c.notNull())
    .addColumn('minute_at', 'text', (c) => c.notNull())
    .addColumn('channel_at', 'text')
    .execute();
  await db.schema.createIndex('storm_incidents_by_minute').on('storm_incidents').columns(['service_id', 'minute_at']).execute();
  await db.schema.createIndex('storm_incidents_by_storm').on('storm_incidents').columns(['service_id', 'storm_started_at']).execute();
  await db.schema.createIndex('incidents_by_service_created').on('incidents').columns(['service_id', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
