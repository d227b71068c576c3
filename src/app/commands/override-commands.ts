import { randomBytes } from 'node:crypto';
import { mayOverride, overrideSpanProblem } from '../../domain/access/access-rules';
import type { PersonRef, SpanSpec } from '../../domain/commands/command';
import { resolveSpan } from '../../domain/commands/span-resolve';
import { onCallFor } from '../oncall-query';
import type { RotationRecord } from '../ports/catalog';
import { personOf, rememberChatPerson } from './chat-people';
import { notAllowed } from './command-access';
import { announce, refuse, usageLine, type RunOf, type Handler, type Outcome } from './command-reply';
import { OVERRIDE_LIST } from './override-list';
import { findRotation, isOutcome } from './rotation-lookup';
import { whenText } from './when-text';

const ID_LETTERS = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A short id to type in `/oncall override remove <id>`: `ov-` and 8 letters (40 bits). */
function overrideId(): string {
  return `ov-${[...randomBytes(8)].map((b) => ID_LETTERS[b % ID_LETTERS.length]).join('')}`;
}

/**
 * Puts `who` on call for `span` of the rotation, read in the rotation's zone. Stored as a chat
 * override, which `tocsin apply` leaves alone; where overrides overlap the newest wins. Only the
 * rotation's members and admins may, and never longer than `access.max_override` nor ending more
 * than a year ahead: a rotation handed to nobody for years would page nobody.
 */
async function placeOverride(run: RunOf<'oncall.cover' | 'oncall.override'>, rotation: RotationRecord, who: PersonRef, span: SpanSpec): Promise<Outcome> {
  const verdict = mayOverride(run.access.rules, run.access.caller, rotation);
  if (!verdict.allowed) return notAllowed(verdict.reason);
  const resolved = resolveSpan(span, run.now, rotation.timezone);
  if ('message' in resolved) return refuse(`${resolved.message.trim()}. Usage: ${usageLine(run.command.kind)}`);
  const tooLong = overrideSpanProblem(run.access.rules, resolved, run.now);
  if (tooLong) return refuse(`${tooLong.charAt(0).toUpperCase()}${tooLong.slice(1)}. Usage: ${usageLine(run.command.kind)}`);
  const person = await personOf(run, who);
  await rememberChatPerson(run.tx, run.ctx.platform, person);
  const { start, end } = resolved;
  const id = overrideId();
  await run.tx.policy.upsertOverride({ id, rotationId: rotation.id, personId: person, start: start.toISOString(), end: end.toISOString(), source: 'chat', createdBy: run.actor.id });
  const from = start.getTime() === run.now.getTime() ? 'now' : `from ${whenText(start, rotation.timezone)}`;
  return announce(`${run.mention(person)} is on call for ${rotation.id} ${from} until ${whenText(end, rotation.timezone)} (override ${id} by ${run.mention(run.actor.id)}).`);
}

/**
 * Without a rotation named, cover means "take my shift": the rotation the one typing is on call
 * for now; else the only rotation there is; else the question which.
 */
async function coveredRotation(run: RunOf<'oncall.cover'>): Promise<RotationRecord | Outcome> {
  if (run.command.rotation !== undefined) return findRotation(run, run.command.rotation);
  const all = await run.tx.catalog.rotations();
  const mine: RotationRecord[] = [];
  for (const r of all) if ((await onCallFor(run.tx.catalog, r, run.now)).current?.person === run.actor.id) mine.push(r);
  const only = mine.length === 1 ? mine[0] : mine.length === 0 && all.length === 1 ? all[0] : undefined;
  if (only) return only;
  if (all.length === 0) return refuse('There are no rotations yet: `/oncall rotation create <name>` makes one.');
  return refuse(`Which rotation? ${(mine.length > 1 ? mine : all).map((r) => r.id).join(', ')}. Usage: ${usageLine('oncall.cover')}`);
}

const cover: Handler<'oncall.cover'> = async (run) => {
  const rotation = await coveredRotation(run);
  return isOutcome(rotation) ? rotation : placeOverride(run, rotation, run.command.person, run.command.span);
};

const override: Handler<'oncall.override'> = async (run) => {
  const rotation = await findRotation(run, run.command.rotation);
  return isOutcome(rotation) ? rotation : placeOverride(run, rotation, run.command.person, run.command.span);
};

export const OVERRIDE_COMMANDS = { 'oncall.cover': cover, 'oncall.override': override, ...OVERRIDE_LIST } as const;
