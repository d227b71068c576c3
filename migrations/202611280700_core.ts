import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen in time: typed Kysely<any>, never today's app types. Written once for SQLite and PostgreSQL;
// the few places that differ (id columns, the append-only guard) branch on the adapter.
// Instants are ISO-8601 UTC text (sortable, identical on both dialects); JSON is text.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (t: any) => (pg ? t.addColumn('id', 'serial', (c: any) => c.primaryKey()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement()));

  await db.schema.createTable('counters').addColumn('name', 'text', (c) => c.primaryKey()).addColumn('value', 'integer', (c) => c.notNull()).execute();
  await db.insertInto('counters').values({ name: 'incident', value: 0 }).execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('slack_id', 'text')
    .addColumn('teams_id', 'text')
    .addColumn('timezone', 'text')
    .addColumn('working_hours', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rotations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('notify_handoff', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('calendar_token', 'text')
    .addColumn('retired_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rotation_id', 'text', (c) => c.notNull().references('rotations.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('end_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema.createIndex('overrides_by_rotation').on('overrides').columns(['rotation_id', 'start_at']).execute();

  // Escalation policies, services, integrations, routes, summaries, settings: definitions as JSON,
  // keyed by kind and id, ordered by position (routes are first-match-wins).
  await db.schema
    .createTable('policy_objects')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_objects_pk', ['kind', 'id'])
    .execute();

  await id(db.schema.createTable('incidents'))
    .addColumn('number', 'integer', (c: any) => c.notNull().unique())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('severity', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('dedup_key', 'text')
    .addColumn('integration_id', 'text')
    .addColumn('escalation_policy', 'text')
    .addColumn('assignee', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('last_activity_at', 'text', (c: any) => c.notNull())
    .addColumn('alert_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .execute();
  // The database itself refuses a second open incident for one dedup key, so two replicas (or two
  // Alertmanager HA peers) racing on the same group cannot both open one.
  await db.schema.createIndex('incidents_open_dedup').on('incidents').column('dedup_key').unique().where(sql.ref('status'), '<>', 'resolved').execute();
  await db.schema.createIndex('incidents_by_status').on('incidents').columns(['status', 'number']).execute();

  await id(db.schema.createTable('alerts'))
    .addColumn('incident_id', 'integer', (c: any) => c.notNull().references('incidents.id'))
    .addColumn('fingerprint', 'text', (c: any) => c.notNull())
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('labels', 'text', (c: any) => c.notNull())
    .addColumn('details', 'text', (c: any) => c.notNull())
    .addColumn('links', 'text', (c: any) => c.notNull())
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('first_seen_at', 'text', (c: any) => c.notNull())
    .addColumn('last_seen_at', 'text', (c: any) => c.notNull())
    .addColumn('repeat_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addUniqueConstraint('alerts_incident_fingerprint', ['incident_id', 'fingerprint'])
    .execute();

  await id(db.schema.createTable('timeline_entries'))
    .addColumn('incident_id', 'integer', (c: any) => c.notNull().references('incidents.id'))
    .addColumn('seq', 'integer', (c: any) => c.notNull())
    .addColumn('at', 'text', (c: any) => c.notNull())
    .addColumn('actor_kind', 'text', (c: any) => c.notNull())
    .addColumn('actor_id', 'text', (c: any) => c.notNull())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('text', 'text', (c: any) => c.notNull())
    .addColumn('data', 'text', (c: any) => c.notNull())
    .addColumn('prev_hash', 'text', (c: any) => c.notNull())
    .addColumn('hash', 'text', (c: any) => c.notNull())
    .addUniqueConstraint('timeline_incident_seq', ['incident_id', 'seq'])
    .execute();
  await guardTimeline(db, pg);

  // Transactional outbox: whatever must reach a chat is written here in the same transaction as the
  // change that caused it, then delivered by a worker with retries (docs/adr/0002-outbox.md).
  await id(db.schema.createTable('outbox'))
    .addColumn('platform', 'text', (c: any) => c.notNull())
    .addColumn('ordering_key', 'text', (c: any) => c.notNull())
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('payload', 'text', (c: any) => c.notNull())
    .addColumn('dedup_key', 'text', (c: any) => c.unique())
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('available_at', 'text', (c: any) => c.notNull())
    .addColumn('attempts', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('result', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['platform', 'delivered_at', 'available_at']).execute();
  await db.schema.createIndex('outbox_ordering').on('outbox').columns(['ordering_key', 'id']).execute();

  await db.schema
    .createTable('chat_channels')
    .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('announcement_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_channels_pk', ['incident_id', 'platform'])
    .execute();
  await db.schema.createIndex('chat_channels_by_channel').on('chat_channels').columns(['platform', 'channel_id']).execute();

  // Durable timers (escalations, reminders, handoffs): due time + key; claimed with a lease.
  await db.schema
    .createTable('timers')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('fired_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timers_due').on('timers').columns(['fired_at', 'due_at']).execute();

  // Inbound idempotency: Slack event_id, Teams activity id… handled once.
  await db.schema
    .createTable('processed_events')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('processed_events_pk', ['source', 'event_id'])
    .execute();

  await db.schema
    .createTable('summary_posts')
    .addColumn('summary_id', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('summary_posts_pk', ['summary_id', 'period_key'])
    .execute();

  // Chat-platform references kept for proactive messages (Teams conversation references, Slack user ids looked up by email).
  await db.schema
    .createTable('chat_refs')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_refs_pk', ['platform', 'key'])
    .execute();
}

/** Append-only, enforced by the database on both dialects: UPDATE and DELETE on timeline rows fail. */
async function guardTimeline(db: Kysely<any>, pg: boolean): Promise<void> {
  if (pg) {
    await sql`CREATE OR REPLACE FUNCTION timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'timeline_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`.execute(db);
    await sql`CREATE TRIGGER timeline_append_only_row BEFORE UPDATE OR DELETE ON timeline_entries FOR EACH ROW EXECUTE FUNCTION timeline_append_only()`.execute(db);
    await sql`CREATE TRIGGER timeline_append_only_truncate BEFORE TRUNCATE ON timeline_entries FOR EACH STATEMENT EXECUTE FUNCTION timeline_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline_entries BEGIN SELECT RAISE(ABORT, 'timeline_entries is append-only: UPDATE refused'); END`.execute(db);
    await sql`CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline_entries BEGIN SELECT RAISE(ABORT, 'timeline_entries is append-only: DELETE refused'); END`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only: restore from a backup instead of rolling back');
}
