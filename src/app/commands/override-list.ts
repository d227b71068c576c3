import { mayRemoveOverride } from '../../domain/access/access-rules';
import type { StoredOverride } from '../ports/catalog';
import { notAllowed } from './command-access';
import { announce, answer, refuse, type CommandRun, type Handler } from './command-reply';
import { findRotation, isOutcome } from './rotation-lookup';
import { whenText } from './when-text';

async function zoneOf(run: CommandRun, rotationId: string): Promise<string> {
  return (await run.tx.catalog.rotation(rotationId))?.timezone ?? (await run.tx.catalog.defaultTimezone());
}

// A list is read, not a page: names in it stay text (`@id`), nobody is pinged by listing.
function line(o: StoredOverride, zone: string): string {
  const origin = o.source === 'policy' ? 'from the policy file' : `by @${o.createdBy ?? 'someone'}`;
  return `${o.id} · ${o.rotationId} · @${o.personId} · ${whenText(o.start, zone)} → ${whenText(o.end, zone)} · ${origin}`;
}

/** `/oncall overrides [rotation]`: every override not yet over, with the id to remove it by. */
const list: Handler<'oncall.overrides'> = async (run) => {
  const { rotation } = run.command;
  if (rotation !== undefined) {
    const found = await findRotation(run, rotation);
    if (isOutcome(found)) return found;
  }
  const overrides = await run.tx.catalog.overridesEndingAfter(run.now, rotation);
  if (overrides.length === 0) return answer(`No overrides now or ahead${rotation ? ` on ${rotation}` : ''}.`);
  const lines: string[] = [];
  for (const o of overrides) lines.push(line(o, await zoneOf(run, o.rotationId)));
  return answer([`Overrides now and ahead${rotation ? ` on ${rotation}` : ''} (remove one with /oncall override remove <id>):`, ...lines].join('\n'));
};

/** `/oncall override remove <id>`: by an admin or whoever made it; the rotation goes back to its shifts. */
const remove: Handler<'oncall.override.remove'> = async (run) => {
  const o = await run.tx.catalog.override(run.command.id);
  if (!o) return refuse(`There is no override ${run.command.id}: /oncall overrides lists them with their ids.`);
  const verdict = mayRemoveOverride(run.access.rules, run.access.caller, o);
  if (!verdict.allowed) return notAllowed(verdict.reason);
  await run.tx.policy.retireOverride(o.id);
  const zone = await zoneOf(run, o.rotationId);
  return announce(`Override ${o.id} removed by ${run.mention(run.actor.id)}: ${run.mention(o.personId)} is no longer on call for ${o.rotationId} from ${whenText(o.start, zone)} to ${whenText(o.end, zone)}.`);
};

export const OVERRIDE_LIST = { 'oncall.overrides': list, 'oncall.override.remove': remove } as const;
