import { handoffsBetween, type Handoff } from '../../domain/oncall/handoffs';
import { onCallAt } from '../../domain/oncall/who-is-on-call';
import { formatLocal } from '../../domain/summary/local-time';
import type { Catalog, RotationRecord } from '../ports/catalog';
import type { Store, Tx } from '../ports/store';
import { noticeToPerson } from './chat-posts';
import type { TimerHandler } from './fire-timer';
import { handoffKey, handoffTimer, TIMER } from './timer-contracts';

/**
 * Handoff notices: one durable timer per rotation that asks for them (`notify_handoff`), due at
 * its next handoff (rotation handoffs and override starts/ends alike: whenever who is on call
 * changes). Firing tells the incoming and the outgoing person, then moves the timer to the next
 * handoff, in the same transaction: a handoff is announced once, by one replica. Handoffs are
 * computed from the rotation, never stored; the timer row only remembers which one is next.
 */

/** How far ahead the next handoff is looked for (a rotation may have none for a while: overrides only). */
const HORIZON_MS = 400 * 86_400_000;
const LOOKBEHIND_MS = 400 * 86_400_000;

async function overridesAround(catalog: Catalog, rotationId: string, from: Date, to: Date) {
  return catalog.overrides(rotationId, new Date(from.getTime() - LOOKBEHIND_MS), to);
}

/** The first handoff at or after `from`, looked for in a window that grows (a year of shifts is slow to walk). */
async function nextHandoff(catalog: Catalog, rotation: RotationRecord, from: Date): Promise<Handoff | undefined> {
  const overrides = await overridesAround(catalog, rotation.id, from, new Date(from.getTime() + HORIZON_MS));
  for (let span = 8 * 86_400_000; ; span *= 4) {
    const first = handoffsBetween(rotation, from, new Date(from.getTime() + Math.min(span, HORIZON_MS)), overrides)[0];
    if (first || span >= HORIZON_MS) return first;
  }
}

/**
 * Which handoff a firing announces: the latest one in [due, now]. Normally that is the one it was
 * due for; after downtime several may have passed, and only the last still describes who is on call.
 */
export function handoffToAnnounce(handoffs: readonly Handoff[]): Handoff | undefined {
  return handoffs.at(-1);
}

export const handoffHandler: TimerHandler = {
  kind: TIMER.rotationHandoff,
  async fire(tx, timer, now) {
    const rotation = await tx.catalog.rotation(String(timer.payload.rotationId));
    if (!rotation?.notifyHandoff) return;
    const due = new Date(timer.dueAt);
    const to = new Date(now.getTime() + 1);
    const handoff = handoffToAnnounce(handoffsBetween(rotation, due, to, await overridesAround(tx.catalog, rotation.id, due, to)));
    if (handoff) await announce(tx, rotation, handoff);
    const next = await nextHandoff(tx.catalog, rotation, to);
    if (next) await tx.timers.schedule(handoffTimer(rotation.id, next.at.toISOString()));
  },
};

async function announce(tx: Tx, rotation: RotationRecord, h: Handoff): Promise<void> {
  const zone = rotation.timezone;
  const name = rotation.name ?? rotation.id;
  const when = formatLocal(h.at, zone);
  const shift = onCallAt(rotation, await overridesAround(tx.catalog, rotation.id, h.at, new Date(h.at.getTime() + HORIZON_MS)), h.at).current;
  const until = shift ? ` until ${formatLocal(shift.end, zone)}` : '';
  const base = { rotation: { id: rotation.id, name }, at: h.at.toISOString(), incoming: h.incoming, outgoing: h.outgoing };
  const once = (role: string, person: string) => `handoff:${rotation.id}:${h.at.toISOString()}:${role}:${person}`;
  if (h.incoming && h.incoming === h.outgoing) {
    const person = (await tx.catalog.person(h.incoming)) ?? { id: h.incoming };
    await noticeToPerson(tx, person, { ...base, role: 'incoming', text: `You stay on call for ${name}: your next shift starts ${when}${until}.` }, once('incoming', h.incoming));
    return;
  }
  if (h.incoming) {
    const person = (await tx.catalog.person(h.incoming)) ?? { id: h.incoming };
    const from = h.outgoing ? ` taking over from @${h.outgoing}` : '';
    await noticeToPerson(tx, person, { ...base, role: 'incoming', text: `You are on call for ${name} from ${when}${until}${from}.`, mentions: h.outgoing ? [h.outgoing] : [] }, once('incoming', h.incoming));
  }
  if (h.outgoing) {
    const person = (await tx.catalog.person(h.outgoing)) ?? { id: h.outgoing };
    const to = h.incoming ? `@${h.incoming} has taken over.` : 'nobody is on call after you.';
    await noticeToPerson(tx, person, { ...base, role: 'outgoing', text: `You are off call for ${name} since ${when}: ${to} Thank you.`, mentions: h.incoming ? [h.incoming] : [] }, once('outgoing', h.outgoing));
  }
}

/**
 * Keeps one handoff timer per rotation that asks for notices, due at its next handoff. Idempotent
 * and safe on every replica at once: a timer already due is left to fire; a future one is moved
 * only when the rotation or its overrides changed; none (new rotation, or the last one fired with
 * no handoff ahead) is made. Returns how many timers it wrote.
 */
export async function syncHandoffTimers(store: Store, now: Date): Promise<number> {
  // Read outside a transaction (this runs every minute on every replica and usually writes
  // nothing); only a rotation whose timer needs writing is looked at again inside one.
  let written = 0;
  for (const rotation of await store.read.catalog.rotations()) {
    if (!rotation.notifyHandoff || !(await handoffTimerToWrite(store.read, rotation, now))) continue;
    written += await store.transaction(async (tx) => {
      const next = await handoffTimerToWrite(tx, rotation, now);
      if (!next) return 0;
      await tx.timers.schedule(handoffTimer(rotation.id, next.at.toISOString()));
      return 1;
    });
  }
  return written;
}

/** The handoff the rotation's timer should be moved to, or undefined when it is right (or due: left to fire). */
async function handoffTimerToWrite(tx: Tx, rotation: RotationRecord, now: Date): Promise<Handoff | undefined> {
  const timer = await tx.timers.find(handoffKey(rotation.id));
  if (timer && timer.firedAt === null && Date.parse(timer.dueAt) <= now.getTime()) return undefined;
  const next = await nextHandoff(tx.catalog, rotation, now);
  if (!next || (timer && timer.firedAt === null && timer.dueAt === next.at.toISOString())) return undefined;
  return next;
}
