import type { EscalationTarget } from '../domain/escalation/escalation-policy';
import { onCallAt } from '../domain/oncall/who-is-on-call';
import type { Catalog, Person, Platform } from './ports/catalog';

export interface ResolvedTargets {
  readonly people: readonly Person[];
  readonly channels: readonly { readonly platform: Platform; readonly id: string }[];
  /** Rotations that had nobody on call at that instant: said on the timeline, never silently skipped. */
  readonly emptyRotations: readonly string[];
}

/** Turns escalation targets into the people (and channels) to page at `at`: rotations resolve to whoever is on call then. */
export async function resolveTargets(catalog: Catalog, targets: readonly EscalationTarget[], at: Date): Promise<ResolvedTargets> {
  const ids: string[] = [];
  const channels: { platform: Platform; id: string }[] = [];
  const emptyRotations: string[] = [];
  for (const t of targets) {
    if ('person' in t) ids.push(t.person);
    else if ('channel' in t) channels.push(t.channel);
    else {
      const rotation = await catalog.rotation(t.rotation);
      const overrides = rotation ? await catalog.overrides(rotation.id, new Date(at.getTime() - 90 * 86_400_000), new Date(at.getTime() + 1)) : [];
      const who = rotation ? onCallAt(rotation, overrides, at).current : null;
      if (who) ids.push(who.personId);
      else emptyRotations.push(t.rotation);
    }
  }
  const people: Person[] = [];
  for (const id of new Set(ids)) people.push((await catalog.person(id)) ?? { id });
  return { people, channels, emptyRotations };
}
