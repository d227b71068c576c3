import { onCallInputs, runsAround } from './on-call-timeline';
import type { Override } from './override';
import type { Rotation } from './rotation';

/**
 * The moment on-call duty passes from one person to another: what handoff notices announce.
 * `outgoing` is null at a rotation's first handoff (and when an override starts where nobody was
 * on call), `incoming` null when an override ends into nobody. In a one-member rotation a handoff
 * passes from a person to themselves.
 */
export interface Handoff {
  readonly at: Date;
  readonly outgoing: string | null;
  readonly incoming: string | null;
}

/**
 * Every handoff in [from, to), in order. Overrides are optional: without them these are the
 * rotation's own handoffs; with them, override starts and ends count and a handoff an override
 * covers disappears.
 */
export function handoffsBetween(rotation: Rotation, from: Date, to: Date, overrides: readonly Override[] = []): Handoff[] {
  const lo = from.getTime();
  const hi = to.getTime();
  // One millisecond before `from` so that whoever was on call just before it is known.
  const runs = runsAround(onCallInputs(rotation, overrides), lo - 1, hi);
  const handoffs: Handoff[] = [];
  const within = (t: number) => t >= lo && t < hi;
  runs.forEach((run, i) => {
    const prev = runs[i - 1];
    const adjacentBefore = prev !== undefined && prev.end === run.start;
    if (within(run.start)) handoffs.push({ at: new Date(run.start), outgoing: adjacentBefore ? prev.personId : null, incoming: run.personId });
    const after = runs[i + 1];
    if (within(run.end) && !(after !== undefined && after.start === run.end)) handoffs.push({ at: new Date(run.end), outgoing: run.personId, incoming: null });
  });
  return handoffs;
}
