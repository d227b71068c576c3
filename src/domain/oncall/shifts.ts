import { join, onCallInputs, piecesAround, rotationShifts, type Run } from './on-call-timeline';
import type { Override } from './override';
import type { Rotation } from './rotation';

/** One person on call for one span: a rotation shift, an override, or both joined. */
export interface Shift {
  readonly personId: string;
  readonly start: Date;
  /** Exclusive: at `end` the next shift has begun. */
  readonly end: Date;
  /**
   * Set when an override put this person here (and the override has an id). A span that joins
   * several pieces names the first override among them, counting only what the span shows.
   */
  readonly overrideId?: string;
}

export function toShift(run: Run): Shift {
  const shift = { personId: run.personId, start: new Date(run.start), end: new Date(run.end) };
  return run.overrideId === undefined ? shift : { ...shift, overrideId: run.overrideId };
}

/**
 * Who is on call over [from, to), in order and clipped to the window. Rotation shifts are split
 * where an override begins and ends; an override that hands to the person already on call is
 * joined to their shift (see on-call-timeline.ts). Spans with nobody on call (before the first
 * handoff, a rotation without members) are simply absent, so after the first handoff of a rotation
 * with members the shifts tile the window with no gap and no overlap.
 */
export function shiftsBetween(rotation: Rotation, overrides: readonly Override[], from: Date, to: Date): Shift[] {
  const lo = from.getTime();
  const hi = to.getTime();
  // Clipped before joining, so a joined span names an override it shows (see Shift.overrideId).
  const clipped = piecesAround(onCallInputs(rotation, overrides), lo, hi)
    .map((p) => ({ ...p, start: Math.max(p.start, lo), end: Math.min(p.end, hi) }))
    .filter((p) => p.end > p.start);
  return join(clipped).map(toShift);
}

/**
 * Whom the rotation itself (overrides aside) has on call at some point of [from, to), in the order
 * their first shift there starts. Stops once every member is seen, so a span of centuries costs no
 * more than one turn of the rotation.
 */
export function rotationMembersBetween(rotation: Rotation, from: Date, to: Date): string[] {
  const everyone = new Set(rotation.members).size;
  const seen = new Set<string>();
  for (const shift of rotationShifts(onCallInputs(rotation, []), from.getTime(), to.getTime())) {
    seen.add(shift.personId);
    if (seen.size === everyone) break;
  }
  return [...seen];
}
