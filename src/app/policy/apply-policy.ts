import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../../domain/timeline/timeline-entry';
import { shiftsBetween } from '../../domain/oncall/shifts';
import type { Override } from '../../domain/oncall/override';
import type { Policy } from '../../config/policy-schema';
import type { Clock } from '../ports/clock';
import type { RotationRecord } from '../ports/catalog';
import type { PolicySnapshot, PolicyWriter } from '../ports/policy-writer';
import type { Store } from '../ports/store';
import { desiredState, type DesiredState } from './policy-records';

export interface ApplyChange {
  readonly kind: string;
  readonly id: string;
  readonly action: 'add' | 'change' | 'retire';
}

export interface ApplyReport {
  readonly dryRun: boolean;
  readonly changes: readonly ApplyChange[];
  /** Per rotation, the people whose shifts in the next four weeks move because of this apply. */
  readonly shiftMoves: readonly { readonly rotation: string; readonly people: readonly string[] }[];
}

const FOUR_WEEKS_MS = 28 * 86_400_000;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const rotationFields = (r: RotationRecord) => ({ ...r, calendarToken: undefined, retired: undefined });

/**
 * `tocsin apply`: makes the database say what the policy file says, in one transaction. Only what
 * differs is written, so applying twice changes nothing; what the file no longer has is retired
 * (kept for history, no longer served); rotations and overrides made in chat are left alone.
 */
export async function applyPolicy(deps: { store: Store; clock: Clock }, policy: Policy, options: { dryRun?: boolean } = {}): Promise<ApplyReport> {
  const want = desiredState(policy);
  const now = deps.clock.now();
  if (options.dryRun) {
    const have = await deps.store.read.policy.snapshot();
    return { dryRun: true, changes: diff(have, want), shiftMoves: shiftMoves(have, want, now) };
  }
  return deps.store.transaction(async (tx) => {
    const have = await tx.policy.snapshot();
    const changes = diff(have, want);
    await write(tx.policy, have, want, changes);
    return { dryRun: false, changes, shiftMoves: shiftMoves(have, want, now) };
  });
}

function diff(have: PolicySnapshot, want: DesiredState): ApplyChange[] {
  const changes: ApplyChange[] = [];
  const compare = <T extends { id: string }>(kind: string, current: readonly (T & { retired: boolean; source?: string })[], desired: readonly T[], norm: (t: T) => unknown) => {
    const byId = new Map(current.map((c) => [c.id, c]));
    for (const d of desired) {
      const c = byId.get(d.id);
      if (!c || c.retired) changes.push({ kind, id: d.id, action: 'add' });
      else if (!same(norm(c), norm(d)) || (c.source !== undefined && c.source !== 'policy')) changes.push({ kind, id: d.id, action: 'change' });
    }
    const wanted = new Set(desired.map((d) => d.id));
    for (const c of current) if (!c.retired && !wanted.has(c.id) && (c.source ?? 'policy') === 'policy') changes.push({ kind, id: c.id, action: 'retire' });
  };
  compare('person', have.people, want.people, (p) => ({ ...p, source: undefined, retired: undefined }));
  compare('rotation', have.rotations, want.rotations, rotationFields);
  compare('override', have.overrides, want.overrides, (o) => ({ ...o, createdBy: undefined, retired: undefined }));
  for (const kind of new Set([...have.objects.map((o) => o.kind), ...want.objects.map((o) => o.kind)])) {
    const cur = have.objects.filter((o) => o.kind === kind).map((o) => ({ kind, id: o.id, retired: o.retired, position: o.position, definition: JSON.parse(o.definition) as unknown }));
    compare(kind, cur, want.objects.filter((o) => o.kind === kind), (o) => ({ position: o.position, definition: o.definition }));
  }
  return changes;
}

async function write(w: PolicyWriter, have: PolicySnapshot, want: DesiredState, changes: readonly ApplyChange[]): Promise<void> {
  const touched = (kind: string, id: string) => changes.find((c) => c.kind === kind && c.id === id);
  for (const p of want.people) if (touched('person', p.id)) await w.upsertPerson(p, 'policy');
  for (const r of want.rotations) {
    if (!touched('rotation', r.id)) continue;
    const existing = have.rotations.find((h) => h.id === r.id);
    // A calendar feed's secret is made once and kept: subscribers' links keep working across applies.
    await w.upsertRotation({ ...r, calendarToken: existing?.calendarToken ?? randomBytes(18).toString('base64url') });
  }
  for (const o of want.overrides) if (touched('override', o.id)) await w.upsertOverride(o);
  for (const o of want.objects) if (touched(o.kind, o.id)) await w.upsertObject(o.kind, o.id, o.position, o.definition);
  for (const c of changes) {
    if (c.action !== 'retire') continue;
    if (c.kind === 'person') await w.retirePerson(c.id);
    else if (c.kind === 'rotation') await w.retireRotation(c.id);
    else if (c.kind === 'override') await w.retireOverride(c.id);
    else await w.retireObject(c.kind as never, c.id);
  }
}

function shiftMoves(have: PolicySnapshot, want: DesiredState, now: Date): ApplyReport['shiftMoves'] {
  const to = new Date(now.getTime() + FOUR_WEEKS_MS);
  const chatOverrides = have.overrides.filter((o) => !o.retired && o.source === 'chat');
  const oldOverrides = have.overrides.filter((o) => !o.retired);
  const newOverrides: Override[] = [...want.overrides, ...chatOverrides];
  const ids = new Set([...have.rotations.filter((r) => !r.retired && r.source === 'policy').map((r) => r.id), ...want.rotations.map((r) => r.id)]);
  const moves: { rotation: string; people: string[] }[] = [];
  for (const id of [...ids].sort()) {
    const before = have.rotations.find((r) => r.id === id && !r.retired);
    const after = want.rotations.find((r) => r.id === id);
    const spans = (r: RotationRecord | undefined, ov: readonly Override[]) =>
      r ? shiftsBetween(r, ov.filter((o) => o.rotationId === id), now, to).map((s) => `${s.personId}|${s.start.toISOString()}|${s.end.toISOString()}`) : [];
    const a = new Set(spans(before, oldOverrides));
    const b = new Set(spans(after, newOverrides));
    const moved = new Set<string>();
    for (const s of a) if (!b.has(s)) moved.add(s.split('|')[0]!);
    for (const s of b) if (!a.has(s)) moved.add(s.split('|')[0]!);
    if (moved.size) moves.push({ rotation: id, people: [...moved].sort() });
  }
  return moves;
}
