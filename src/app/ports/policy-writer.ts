import type { Person, RotationRecord, StoredOverride } from './catalog';

export type { StoredOverride } from './catalog';

/** Kinds of definitions kept as JSON rows (everything but people, rotations and overrides). */
export type PolicyObjectKind = 'escalation_policy' | 'service' | 'integration' | 'route' | 'summary' | 'settings';

/**
 * Writes of the policy (by `tocsin apply`) and of what chat commands create (rotations, overrides).
 * Retiring keeps the row for history; a retired row is no longer served by the Catalog.
 */
export interface PolicyWriter {
  /** Everything stored, retired rows included, for diffs. */
  snapshot(): Promise<PolicySnapshot>;
  upsertPerson(p: Person, source: 'policy' | 'chat'): Promise<void>;
  retirePerson(id: string): Promise<void>;
  upsertRotation(r: RotationRecord): Promise<void>;
  retireRotation(id: string): Promise<void>;
  upsertOverride(o: StoredOverride): Promise<void>;
  retireOverride(id: string): Promise<void>;
  upsertObject(kind: PolicyObjectKind, id: string, position: number, definition: unknown): Promise<void>;
  retireObject(kind: PolicyObjectKind, id: string): Promise<void>;
}

export interface PolicySnapshot {
  readonly people: readonly (Person & { readonly source: 'policy' | 'chat'; readonly retired: boolean })[];
  readonly rotations: readonly (RotationRecord & { readonly retired: boolean })[];
  readonly overrides: readonly (StoredOverride & { readonly retired: boolean })[];
  readonly objects: readonly { readonly kind: PolicyObjectKind; readonly id: string; readonly position: number; readonly definition: string; readonly retired: boolean }[];
}
