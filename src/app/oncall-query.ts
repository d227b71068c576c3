import { onCallAt } from '../domain/oncall/who-is-on-call';
import { shiftsBetween, type Shift } from '../domain/oncall/shifts';
import type { Catalog, RotationRecord } from './ports/catalog';

export interface ShiftJson {
  readonly person: string;
  readonly start: string;
  readonly end: string;
  readonly override?: boolean;
}

export interface OnCallJson {
  readonly rotation: string;
  readonly timezone: string;
  readonly at: string;
  readonly current: ShiftJson | null;
  readonly next: ShiftJson | null;
}

const LOOKBEHIND_MS = 400 * 86_400_000;

export function shiftJson(s: Shift): ShiftJson {
  return { person: s.personId, start: s.start.toISOString(), end: s.end.toISOString(), ...(s.overrideId ? { override: true } : {}) };
}

/** Overrides that can touch [from, to): an override may start long before `from`. */
async function overridesAround(catalog: Catalog, rotationId: string, from: Date, to: Date) {
  return catalog.overrides(rotationId, new Date(from.getTime() - LOOKBEHIND_MS), to);
}

export async function onCallFor(catalog: Catalog, rotation: RotationRecord, at: Date): Promise<OnCallJson> {
  const overrides = await overridesAround(catalog, rotation.id, at, new Date(at.getTime() + LOOKBEHIND_MS));
  const who = onCallAt(rotation, overrides, at);
  return { rotation: rotation.id, timezone: rotation.timezone, at: at.toISOString(), current: who.current && shiftJson(who.current), next: who.next && shiftJson(who.next) };
}

/** `rotationId` absent: every rotation. Unknown id: undefined. */
export async function whoIsOnCall(catalog: Catalog, rotationId: string | undefined, at: Date): Promise<OnCallJson[] | undefined> {
  if (rotationId) {
    const r = await catalog.rotation(rotationId);
    return r ? [await onCallFor(catalog, r, at)] : undefined;
  }
  const all = await catalog.rotations();
  return Promise.all(all.map((r) => onCallFor(catalog, r, at)));
}

export async function scheduleFor(catalog: Catalog, rotation: RotationRecord, from: Date, to: Date): Promise<ShiftJson[]> {
  return shiftsBetween(rotation, await overridesAround(catalog, rotation.id, from, to), from, to).map(shiftJson);
}
