import type { Generated } from 'kysely';

// Today's row types. Migrations never import these (they are frozen in time and take Kysely<any>).

export interface CountersTable { name: string; value: number }

export interface PeopleTable {
  id: string; name: string | null; email: string | null; slack_id: string | null; teams_id: string | null;
  timezone: string | null; working_hours: string | null; source: string; retired_at: string | null; updated_at: string;
  phone: string | null; ntfy: string | null; notify: string | null; notify_urgent: string | null;
}

export interface AckTokensTable {
  token_hash: string; incident_id: number; person_id: string; channel: string; created_at: string; expires_at: string; used_at: string | null;
}

export interface LoginTokensTable { token_hash: string; person_id: string; created_at: string; expires_at: string; used_at: string | null }
export interface WebSessionsTable { id_hash: string; person_id: string; via: string; created_at: string; expires_at: string }
export interface ServerSecretsTable { name: string; value: string; created_at: string }
export interface ServiceStormsTable { service_id: string; started_at: string; per_minute: number; ended_at: string | null }
export interface StormIncidentsTable { incident_id: number; service_id: string; storm_started_at: string; minute_at: string; channel_at: string | null }

export interface RotationsTable {
  id: string; name: string | null; timezone: string; definition: string; members: string; notify_handoff: number;
  source: string; calendar_token: string | null; retired_at: string | null; updated_at: string;
}

export interface OverridesTable {
  id: string; rotation_id: string; person_id: string; start_at: string; end_at: string; source: string;
  created_by: string | null; created_at: string; retired_at: string | null;
}

export interface PolicyObjectsTable { kind: string; id: string; position: number; definition: string; retired_at: string | null; updated_at: string }

export interface IncidentsTable {
  id: Generated<number>; number: number; title: string; severity: string; status: string; service_id: string | null;
  dedup_key: string | null; integration_id: string | null; escalation_policy: string | null; assignee: string | null;
  created_at: string; acknowledged_at: string | null; acknowledged_by: string | null; resolved_at: string | null;
  resolved_by: string | null; last_activity_at: string; alert_count: Generated<number>;
}

export interface AlertsTable {
  id: Generated<number>; incident_id: number; fingerprint: string; status: string; title: string; labels: string;
  details: string; links: string; starts_at: string | null; ends_at: string | null; first_seen_at: string;
  last_seen_at: string; repeat_count: Generated<number>;
}

export interface TimelineEntriesTable {
  id: Generated<number>; incident_id: number; seq: number; at: string; actor_kind: string; actor_id: string;
  kind: string; text: string; data: string; prev_hash: string; hash: string;
}

export interface OutboxTable {
  id: Generated<number>; platform: string; ordering_key: string; kind: string; payload: string; dedup_key: string | null;
  created_at: string; available_at: string; attempts: Generated<number>; last_error: string | null;
  delivered_at: string | null; claimed_by: string | null; claimed_until: string | null; result: string | null;
  failed_at: string | null; priority: Generated<number>;
}

export interface ChatChannelsTable { incident_id: number; platform: string; channel_id: string; name: string; announcement_ref: string | null; created_at: string }

export interface TimersTable { key: string; kind: string; due_at: string; payload: string; claimed_by: string | null; claimed_until: string | null; fired_at: string | null; created_at: string }

export interface ProcessedEventsTable { source: string; event_id: string; at: string }
export interface SummaryPostsTable { summary_id: string; period_key: string; posted_at: string }
export interface ChatRefsTable { platform: string; key: string; value: string; updated_at: string }
export interface SlackRequestSignaturesTable { digest: string; expires_at: string }

export interface Database {
  counters: CountersTable;
  people: PeopleTable;
  rotations: RotationsTable;
  overrides: OverridesTable;
  policy_objects: PolicyObjectsTable;
  incidents: IncidentsTable;
  alerts: AlertsTable;
  timeline_entries: TimelineEntriesTable;
  outbox: OutboxTable;
  chat_channels: ChatChannelsTable;
  timers: TimersTable;
  processed_events: ProcessedEventsTable;
  summary_posts: SummaryPostsTable;
  chat_refs: ChatRefsTable;
  slack_request_signatures: SlackRequestSignaturesTable;
  ack_tokens: AckTokensTable;
  login_tokens: LoginTokensTable;
  web_sessions: WebSessionsTable;
  server_secrets: ServerSecretsTable;
  service_storms: ServiceStormsTable;
  storm_incidents: StormIncidentsTable;
}
