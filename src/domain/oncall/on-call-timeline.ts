import { overrideSpans, type Override, type OverrideSpan } from './override';
import { firstIndex, overrideCover } from './override-cover';
import { handoffAt, memberOnShift, rotationClock, shiftNumberAt, type Rotation, type RotationClock } from './rotation';

/**
 * The engine behind shiftsBetween, onCallAt and handoffsBetween: rotation shifts, painted over by
 * overrides (later ones last, so they win), then joined where an override hands to the person who
 * is already on call. Times are epoch milliseconds inside this module. Rotation shifts are only
 * ever worked out where no override covers them, so what a question costs does not depend on how
 * far overrides reach (one until 9999 used to make every lookup walk the shifts under it).
 */

/** One stretch of one person being on call: a shift or override piece, or such pieces joined. */
export interface Run {
  readonly personId: string;
  readonly start: number;
  readonly end: number;
  /** The override that put `personId` here; for a joined run, the first override in it. */
  readonly overrideId?: string;
  /** Whether any of it comes from an override. */
  readonly fromOverride: boolean;
}

/** A rotation and its overrides, read and checked once per question. */
export interface OnCallInputs {
  readonly rotation: Rotation;
  readonly clock: RotationClock;
  readonly overrides: readonly OverrideSpan[];
  /** Where overrides decide (see overrideCover), as pieces: in order, disjoint. */
  readonly cover: readonly Run[];
}

export function onCallInputs(rotation: Rotation, overrides: readonly Override[]): OnCallInputs {
  const spans = overrideSpans(rotation.id, overrides);
  const cover = overrideCover(spans).map(({ start, end, span }): Run => {
    const piece = { personId: span.personId, start, end, fromOverride: true };
    return span.overrideId === undefined ? piece : { ...piece, overrideId: span.overrideId };
  });
  return { rotation, clock: rotationClock(rotation), overrides: spans, cover };
}

/** The rotation's own shifts that meet [lo, hi), unclipped, worked out one at a time as asked for. */
export function* rotationShifts({ rotation, clock }: OnCallInputs, lo: number, hi: number): Generator<Run> {
  if (rotation.members.length === 0 || hi <= lo) return;
  const last = shiftNumberAt(clock, new Date(hi - 1));
  let k = Math.max(0, shiftNumberAt(clock, new Date(lo)));
  let start = handoffAt(clock, k).getTime();
  for (; k <= last; k += 1) {
    const end = handoffAt(clock, k + 1).getTime();
    // A zone that skips a whole day (Pacific/Apia, 2011-12-30) can put two handoffs on one instant.
    if (end > start) yield { personId: memberOnShift(rotation, k) as string, start, end, fromOverride: false };
    start = end;
  }
}

/**
 * An override that hands to the person already on call changes nothing for anyone, so it is no
 * handoff: the pieces are joined and "on call until" means until someone else takes over. Two
 * plain rotation shifts of the same person (a one-member rotation) stay apart: the rotation does
 * hand off there, and joining them would make one endless shift.
 */
export function join(pieces: readonly Run[]): Run[] {
  const runs: Run[] = [];
  pieces.forEach((piece, i) => {
    const before = pieces[i - 1];
    const prev = runs.at(-1);
    // Decided by the two pieces that meet, never by what was joined before, so the answer does
    // not depend on how much of the timeline a caller looked at.
    if (prev && before && joins(before, piece)) runs[runs.length - 1] = joined(prev, piece);
    else runs.push(piece);
  });
  return runs;
}

/** Whether a piece and the one right after it are one run (see join). */
function joins(before: Run, piece: Run): boolean {
  return before.end === piece.start && before.personId === piece.personId && (before.fromOverride || piece.fromOverride);
}

/** Two runs that join, as one; it names the first override in it. */
function joined(first: Run, second: Run): Run {
  const overrideId = first.overrideId ?? second.overrideId;
  return { personId: second.personId, start: first.start, end: second.end, fromOverride: true, ...(overrideId === undefined ? {} : { overrideId }) };
}

/**
 * The pieces that meet [lo, hi), whole, in order, not yet joined: override pieces, and between
 * them the rotation's shifts, cut where an override piece begins or ends. Shifts are worked out
 * only between override pieces, so the cost is the overrides' number plus the shifts shown.
 */
export function piecesAround(inputs: OnCallInputs, lo: number, hi: number): Run[] {
  if (hi <= lo) return [];
  const { cover } = inputs;
  const pieces: Run[] = [];
  for (let i = firstIndex(cover, (c) => c.end > lo); ; i += 1) {
    // Between override pieces i-1 and i the rotation decides.
    const gapStart = cover[i - 1]?.end ?? -Infinity;
    const gapEnd = cover[i]?.start ?? Infinity;
    for (const shift of rotationShifts(inputs, Math.max(lo, gapStart), Math.min(hi, gapEnd))) {
      pieces.push({ ...shift, start: Math.max(shift.start, gapStart), end: Math.min(shift.end, gapEnd) });
    }
    const piece = cover[i];
    if (!piece || piece.start >= hi) return pieces;
    pieces.push(piece);
  }
}

/** The joined runs that meet [lo, hi): a run's start is right when after `lo`, its end when before `hi`. */
export function runsAround(inputs: OnCallInputs, lo: number, hi: number): Run[] {
  return join(piecesAround(inputs, lo, hi));
}

/**
 * The whole run of whoever is on call at `at`, or null when nobody is: the piece there, joined
 * with its neighbours for as long as they join. Two rotation shifts never join, so every other
 * step crosses an override piece: the walk is at most about twice the overrides long, however
 * far they reach.
 */
export function runAt(inputs: OnCallInputs, at: number): Run | null {
  const pieceAt = (t: number): Run | undefined => piecesAround(inputs, t, t + 1)[0];
  const here = pieceAt(at);
  if (!here) return null;
  let run = here;
  for (let last = here, next = pieceAt(last.end); next && joins(last, next); next = pieceAt(next.end)) {
    run = joined(run, next);
    last = next;
  }
  for (let first = here, prev = pieceAt(first.start - 1); prev && joins(prev, first); prev = pieceAt(prev.start - 1)) {
    run = joined(prev, run);
    first = prev;
  }
  return run;
}

/** The first instant after `at` when somebody comes on call, if ever: a first handoff or an override. */
export function nextStartAfter(inputs: OnCallInputs, at: number): number | undefined {
  const starts = inputs.overrides.map((o) => o.start);
  if (inputs.rotation.members.length > 0) starts.push(handoffAt(inputs.clock, 0).getTime());
  const later = starts.filter((s) => s > at);
  return later.length > 0 ? Math.min(...later) : undefined;
}
