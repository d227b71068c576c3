import type { Kysely, Selectable } from 'kysely';
import type { Catalog, Person, RotationRecord, RouteRecord, StoredOverride } from '../../app/ports/catalog';
import { accessOf } from './settings-access';
import { parseMatcher, type LabelMatcher } from '../../domain/routing/label-matcher';
import type { Route } from '../../domain/routing/route';
import { prepare } from './prepared';
import type { Database, OverridesTable, PeopleTable, RotationsTable } from './schema';

// Reads of the applied policy. Definitions are stored as the app's own record JSON; retired rows
// (removed from the policy file) stay for history but are not served.

export function toPerson(r: Selectable<PeopleTable>): Person {
  return {
    id: r.id,
    ...(r.name ? { name: r.name } : {}),
    ...(r.email ? { email: r.email } : {}),
    ...(r.slack_id ? { slackId: r.slack_id } : {}),
    ...(r.teams_id ? { teamsId: r.teams_id } : {}),
    ...(r.timezone ? { timezone: r.timezone } : {}),
    ...(r.working_hours ? { workingHours: JSON.parse(r.working_hours) } : {}),
    ...(r.phone ? { phone: r.phone } : {}),
    ...(r.ntfy ? { ntfy: r.ntfy } : {}),
    ...(r.notify ? { notify: JSON.parse(r.notify) } : {}),
    ...(r.notify_urgent ? { notifyUrgent: JSON.parse(r.notify_urgent) } : {}),
    source: r.source === 'policy' ? 'policy' : 'chat',
  };
}

export function toStoredOverride(r: Selectable<OverridesTable>): StoredOverride {
  return {
    id: r.id,
    rotationId: r.rotation_id,
    personId: r.person_id,
    start: r.start_at,
    end: r.end_at,
    source: r.source === 'policy' ? 'policy' : 'chat',
    ...(r.created_by ? { createdBy: r.created_by } : {}),
  };
}

export function toRotation(r: Selectable<RotationsTable>): RotationRecord {
  const def = JSON.parse(r.definition);
  return {
    ...def,
    id: r.id,
    ...(r.name ? { name: r.name } : {}),
    timezone: r.timezone,
    members: JSON.parse(r.members),
    notifyHandoff: r.notify_handoff === 1,
    source: r.source as RotationRecord['source'],
    ...(r.calendar_token ? { calendarToken: r.calendar_token } : {}),
  };
}

// Prepared once per dialect (see prepared.ts): the snapshot serves the rest of the policy, but
// overrides are read live for every page (catalog-snapshot.ts).
const overrides = prepare((db, a: { rotationId: string; from: string; to: string }) =>
  db.selectFrom('overrides').selectAll().where('rotation_id', '=', a.rotationId).where('retired_at', 'is', null).where('start_at', '<', a.to).where('end_at', '>', a.from).orderBy('created_at').orderBy('id'),
);

export function catalogRepo(db: Kysely<Database>): Catalog {
  const objects = async <T>(kind: string): Promise<T[]> =>
    (await db.selectFrom('policy_objects').select('definition').where('kind', '=', kind).where('retired_at', 'is', null).orderBy('position').orderBy('id').execute()).map((r) => JSON.parse(r.definition) as T);
  const object = async <T>(kind: string, id: string): Promise<T | undefined> => {
    const r = await db.selectFrom('policy_objects').select('definition').where('kind', '=', kind).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
    return r ? (JSON.parse(r.definition) as T) : undefined;
  };
  return {
    async person(id) {
      const r = await db.selectFrom('people').selectAll().where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
      return r ? toPerson(r) : undefined;
    },
    async people() {
      return (await db.selectFrom('people').selectAll().where('retired_at', 'is', null).orderBy('id').execute()).map(toPerson);
    },
    async rotation(id) {
      const r = await db.selectFrom('rotations').selectAll().where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
      return r ? toRotation(r) : undefined;
    },
    async rotations() {
      return (await db.selectFrom('rotations').selectAll().where('retired_at', 'is', null).orderBy('id').execute()).map(toRotation);
    },
    async overrides(rotationId, from, to) {
      const rows = await overrides.rows(db, { rotationId, from: from.toISOString(), to: to.toISOString() });
      return rows.map((r) => ({ id: r.id, rotationId: r.rotation_id, personId: r.person_id, start: r.start_at, end: r.end_at }));
    },
    async overridesEndingAfter(after, rotationId) {
      let q = db.selectFrom('overrides').selectAll().where('retired_at', 'is', null).where('end_at', '>', after.toISOString());
      if (rotationId !== undefined) q = q.where('rotation_id', '=', rotationId);
      return (await q.orderBy('start_at').orderBy('id').execute()).map(toStoredOverride);
    },
    async override(id) {
      const r = await db.selectFrom('overrides').selectAll().where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
      return r ? toStoredOverride(r) : undefined;
    },
    access: async () => accessOf(await object('settings', 'default')),
    service: (id) => object('service', id),
    services: () => objects('service'),
    escalationPolicy: (id) => object('escalation_policy', id),
    integrations: () => objects('integration'),
    routes: async () => (await objects<RouteRecord>('route')).map(toRoute),
    summaries: () => objects('summary'),
    async defaultTimezone() {
      return (await object<{ timezone: string }>('settings', 'default'))?.timezone ?? 'UTC';
    },
  };
}

/** Stored matchers were checked by `tocsin apply`; one that no longer parses matches nothing rather than everything. */
export function toRoute(r: RouteRecord): Route {
  const match: LabelMatcher[] = [];
  for (const text of r.match) {
    const m = parseMatcher(text);
    match.push(m.ok ? m.value : { name: '__never__', operator: '=', value: '\u0000' });
  }
  return { match, service: r.service, ...(r.severity ? { severity: r.severity } : {}) };
}
