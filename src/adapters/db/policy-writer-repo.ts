import type { Kysely } from 'kysely';
import type { Person, RotationRecord } from '../../app/ports/catalog';
import type { PolicyObjectKind, PolicyWriter, StoredOverride } from '../../app/ports/policy-writer';
import { toPerson, toRotation } from './catalog-repo';
import type { Database } from './schema';

function rotationDefinition(r: RotationRecord): string {
  return JSON.stringify({ period: r.period, handoff: r.handoff, start: r.start });
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const pagingColumns = (p: Person) => ({ phone: p.phone ?? null, ntfy: p.ntfy ?? null, notify: json(p.notify), notify_urgent: json(p.notifyUrgent) });

export function policyWriterRepo(db: Kysely<Database>, now: () => string): PolicyWriter {
  return {
    async snapshot() {
      const people = (await db.selectFrom('people').selectAll().orderBy('id').execute()).map((r) => ({ ...toPerson(r), source: r.source === 'policy' ? ('policy' as const) : ('chat' as const), retired: r.retired_at !== null }));
      const rotations = (await db.selectFrom('rotations').selectAll().orderBy('id').execute()).map((r) => ({ ...toRotation(r), retired: r.retired_at !== null }));
      const overrides = (await db.selectFrom('overrides').selectAll().orderBy('id').execute()).map((r) => ({
        id: r.id,
        rotationId: r.rotation_id,
        personId: r.person_id,
        start: r.start_at,
        end: r.end_at,
        source: r.source as StoredOverride['source'],
        ...(r.created_by ? { createdBy: r.created_by } : {}),
        retired: r.retired_at !== null,
      }));
      const objects = (await db.selectFrom('policy_objects').selectAll().orderBy('kind').orderBy('position').orderBy('id').execute()).map((r) => ({
        kind: r.kind as PolicyObjectKind,
        id: r.id,
        position: Number(r.position),
        definition: r.definition,
        retired: r.retired_at !== null,
      }));
      return { people, rotations, overrides, objects };
    },
    async upsertPerson(p: Person, source) {
      const row = { name: p.name ?? null, email: p.email ?? null, slack_id: p.slackId ?? null, teams_id: p.teamsId ?? null, timezone: p.timezone ?? null, working_hours: p.workingHours ? JSON.stringify(p.workingHours) : null, ...pagingColumns(p), source, retired_at: null, updated_at: now() };
      await db.insertInto('people').values({ id: p.id, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    },
    async retirePerson(id) {
      await db.updateTable('people').set({ retired_at: now() }).where('id', '=', id).where('retired_at', 'is', null).execute();
    },
    async upsertRotation(r) {
      const row = { name: r.name ?? null, timezone: r.timezone, definition: rotationDefinition(r), members: JSON.stringify(r.members), notify_handoff: r.notifyHandoff ? 1 : 0, source: r.source, retired_at: null, updated_at: now() };
      // The calendar token is kept across applies: feeds users subscribed to keep working.
      await db.insertInto('rotations').values({ id: r.id, ...row, calendar_token: r.calendarToken ?? null }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
      if (r.calendarToken) await db.updateTable('rotations').set({ calendar_token: r.calendarToken }).where('id', '=', r.id).where('calendar_token', 'is', null).execute();
    },
    async retireRotation(id) {
      await db.updateTable('rotations').set({ retired_at: now() }).where('id', '=', id).where('retired_at', 'is', null).execute();
    },
    async upsertOverride(o) {
      const row = { rotation_id: o.rotationId, person_id: o.personId, start_at: o.start, end_at: o.end, source: o.source, created_by: o.createdBy ?? null, retired_at: null };
      await db.insertInto('overrides').values({ id: o.id, ...row, created_at: now() }).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
    },
    async retireOverride(id) {
      await db.updateTable('overrides').set({ retired_at: now() }).where('id', '=', id).where('retired_at', 'is', null).execute();
    },
    async upsertObject(kind, id, position, definition) {
      const row = { position, definition: JSON.stringify(definition), retired_at: null, updated_at: now() };
      await db.insertInto('policy_objects').values({ kind, id, ...row }).onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet(row)).execute();
    },
    async retireObject(kind, id) {
      await db.updateTable('policy_objects').set({ retired_at: now() }).where('kind', '=', kind).where('id', '=', id).where('retired_at', 'is', null).execute();
    },
  };
}
