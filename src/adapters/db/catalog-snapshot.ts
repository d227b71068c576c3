import type { Kysely } from 'kysely';
import type { Catalog, EscalationPolicyRecord, IntegrationRecord, Person, RotationRecord, RouteRecord, ServiceRecord, SummaryRecord } from '../../app/ports/catalog';
import type { AccessRules } from '../../domain/access/access-rules';
import type { Route } from '../../domain/routing/route';
import { toPerson, toRotation, toRoute } from './catalog-repo';
import type { Database } from './schema';
import { accessOf } from './settings-access';

/** How long another replica's `tocsin apply` may go unseen here; this process's own writes are seen at once. */
export const SNAPSHOT_TTL_MS = 5_000;

interface Snapshot {
  readonly people: ReadonlyMap<string, Person>;
  readonly rotations: ReadonlyMap<string, RotationRecord>;
  readonly services: ReadonlyMap<string, ServiceRecord>;
  readonly policies: ReadonlyMap<string, EscalationPolicyRecord>;
  readonly integrations: readonly IntegrationRecord[];
  readonly routes: readonly Route[];
  readonly summaries: readonly SummaryRecord[];
  readonly timezone: string;
  readonly access: AccessRules;
}

/**
 * The applied policy (people, rotations, services, escalation policies, integrations, routes,
 * summaries) kept in memory: every webhook reads it and it changes a few times a day, by `tocsin
 * apply` or a chat command. Overrides are always read live: "cover me now" must page the cover.
 *
 * Freshness: any policy write through this store drops the snapshot, and the batch that wrote reads
 * live until it has committed (its writes may still roll back); a snapshot loaded while a write
 * committed elsewhere is thrown away (generation check); another replica's writes are seen within
 * `ttlMs`. Records are frozen: they are shared by every reader.
 */
export function catalogSnapshots(options: { ttlMs?: number; nowMs?: () => number } = {}) {
  const ttlMs = options.ttlMs ?? SNAPSHOT_TTL_MS;
  const nowMs = options.nowMs ?? (() => performance.now());
  let current: { snapshot: Snapshot; loadedAt: number } | undefined;
  let generation = 0;

  async function snapshotFor(db: Kysely<Database>): Promise<Snapshot> {
    if (current && nowMs() - current.loadedAt < ttlMs) return current.snapshot;
    const startedAt = nowMs();
    const startedGeneration = generation;
    const snapshot = await load(db);
    if (generation === startedGeneration) current = { snapshot, loadedAt: startedAt };
    return snapshot;
  }

  return {
    /** Drops the snapshot: the next read loads the policy again. */
    invalidate(): void {
      generation++;
      current = undefined;
    },
    /** A Catalog over `live` (the caller's connection or transaction) that answers from the snapshot unless `bypass()`. */
    catalog(live: Catalog, db: Kysely<Database>, bypass: () => boolean): Catalog {
      const read = <T>(pick: (s: Snapshot) => T, fallback: () => Promise<T>) => (bypass() ? fallback() : snapshotFor(db).then(pick));
      return {
        person: (id) => read((s) => s.people.get(id), () => live.person(id)),
        people: () => read((s) => [...s.people.values()], () => live.people()),
        rotation: (id) => read((s) => s.rotations.get(id), () => live.rotation(id)),
        rotations: () => read((s) => [...s.rotations.values()], () => live.rotations()),
        overrides: (rotationId, from, to) => live.overrides(rotationId, from, to),
        overridesEndingAfter: (after, rotationId) => live.overridesEndingAfter(after, rotationId),
        override: (id) => live.override(id),
        access: () => read((s) => s.access, () => live.access()),
        service: (id) => read((s) => s.services.get(id), () => live.service(id)),
        services: () => read((s) => [...s.services.values()], () => live.services()),
        escalationPolicy: (id) => read((s) => s.policies.get(id), () => live.escalationPolicy(id)),
        integrations: () => read((s) => [...s.integrations], () => live.integrations()),
        routes: () => read((s) => [...s.routes], () => live.routes()),
        summaries: () => read((s) => [...s.summaries], () => live.summaries()),
        defaultTimezone: () => read((s) => s.timezone, () => live.defaultTimezone()),
      };
    },
  };
}

export type CatalogSnapshots = ReturnType<typeof catalogSnapshots>;

/** Three queries, in the caller's connection or transaction (SQLite has one connection: never another). */
async function load(db: Kysely<Database>): Promise<Snapshot> {
  const people = await db.selectFrom('people').selectAll().where('retired_at', 'is', null).orderBy('id').execute();
  const rotations = await db.selectFrom('rotations').selectAll().where('retired_at', 'is', null).orderBy('id').execute();
  const objects = await db.selectFrom('policy_objects').select(['kind', 'id', 'definition']).where('retired_at', 'is', null).orderBy('kind').orderBy('position').orderBy('id').execute();
  const of = <T>(kind: string) => objects.filter((o) => o.kind === kind).map((o) => deepFreeze(JSON.parse(o.definition) as T));
  const found = objects.find((o) => o.kind === 'settings' && o.id === 'default');
  const settings = found ? (JSON.parse(found.definition) as { timezone?: string; access?: Partial<AccessRules> }) : undefined;
  const byId = <T extends { readonly id: string }>(items: readonly T[]) => new Map(items.map((i) => [i.id, i]));
  return {
    people: byId(people.map((r) => deepFreeze(toPerson(r)))),
    rotations: byId(rotations.map((r) => deepFreeze(toRotation(r)))),
    services: byId(of<ServiceRecord>('service')),
    policies: byId(of<EscalationPolicyRecord>('escalation_policy')),
    integrations: of<IntegrationRecord>('integration'),
    routes: of<RouteRecord>('route').map((r) => deepFreeze(toRoute(r))),
    summaries: of<SummaryRecord>('summary'),
    timezone: settings?.timezone ?? 'UTC',
    access: deepFreeze(accessOf(settings)),
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
