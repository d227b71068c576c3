import type { EscalationTarget } from '../domain/escalation/escalation-policy';
import { onCallAt } from '../domain/oncall/who-is-on-call';
import type { Override } from '../domain/oncall/override';
import type { Shift } from '../domain/oncall/shifts';
import type { Catalog, Person, Platform, RotationRecord } from './ports/catalog';

export interface ResolvedTargets {
  readonly people: readonly Person[];
  readonly channels: readonly { readonly platform: Platform; readonly id: string }[];
  /** Rotations that had nobody on call at that instant: said on the timeline, never silently skipped. */
  readonly emptyRotations: readonly string[];
}

/** Turns escalation targets into the people (and channels) to page at `at`: rotations resolve to whoever is on call then. */
export async function pageTargets(catalog: Catalog, targets: readonly EscalationTarget[], at: Date): Promise<ResolvedTargets> {
  const ids: string[] = [];
  const channels: { platform: Platform; id: string }[] = [];
  const emptyRotations: string[] = [];
  for (const t of targets) {
    if ('person' in t) ids.push(t.person);
    else if ('channel' in t) channels.push(t.channel);
    else {
      const rotation = await catalog.rotation(t.rotation);
      const overrides = rotation ? await catalog.overrides(rotation.id, new Date(at.getTime() - 90 * 86_400_000), new Date(at.getTime() + 1)) : [];
      const who = rotation ? currentShift(rotation, overrides, at) : null;
      if (who) ids.push(who.personId);
      else emptyRotations.push(t.rotation);
    }
  }
  const people: Person[] = [];
  for (const id of new Set(ids)) people.push((await catalog.person(id)) ?? { id });
  return { people, channels, emptyRotations };
}

/**
 * Every incident opened pages step 1, so this is asked on every new alert group; working a shift
 * out costs dozens of time-zone lookups. The answer holds for the whole shift it returns as long as
 * the rotation and the overrides read are the same: the catalog hands out one frozen rotation
 * object until the policy changes, and the overrides are compared by value.
 */
const lastShift = new WeakMap<RotationRecord, { readonly overrides: string; readonly shift: Shift }>();

function currentShift(rotation: RotationRecord, overrides: readonly Override[], at: Date): Shift | null {
  const key = JSON.stringify(overrides);
  const known = lastShift.get(rotation);
  if (known && known.overrides === key && known.shift.start <= at && at < known.shift.end) return known.shift;
  const shift = onCallAt(rotation, overrides, at).current;
  if (shift && Object.isFrozen(rotation)) lastShift.set(rotation, { overrides: key, shift });
  return shift;
}
