import { overrideSpans, type Override, type OverrideSpan } from './override';
import { handoffAt, memberOnShift, rotationClock, shiftNumberAt, type Rotation, type RotationClock } from './rotation';

/**
 * The engine behind shiftsBetween, onCallAt and handoffsBetween: rotation shifts, painted over by
 * overrides (later ones last, so they win), then joined where an override hands to the person who
 * is already on call. Times are epoch milliseconds inside this module.
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
}

export function onCallInputs(rotation: Rotation, overrides: readonly Override[]): OnCallInputs {
  return { rotation, clock: rotationClock(rotation), overrides: overrideSpans(rotation.id, overrides) };
}

function rotationShifts({ rotation, clock }: OnCallInputs, lo: number, hi: number): Run[] {
  if (rotation.members.length === 0) return [];
  const last = shiftNumberAt(clock, new Date(hi - 1));
  const runs: Run[] = [];
  let k = Math.max(0, shiftNumberAt(clock, new Date(lo)));
  let start = handoffAt(clock, k).getTime();
  for (; k <= last; k += 1) {
    const end = handoffAt(clock, k + 1).getTime();
    // A zone that skips a whole day (Pacific/Apia, 2011-12-30) can put two handoffs on one instant.
    if (end > start) runs.push({ personId: memberOnShift(rotation, k) as string, start, end, fromOverride: false });
    start = end;
  }
  return runs;
}

function paint(runs: readonly Run[], o: OverrideSpan): Run[] {
  const kept = runs.flatMap((r) => {
    if (r.end <= o.start || r.start >= o.end) return [r];
    const cut: Run[] = [];
    if (r.start < o.start) cut.push({ ...r, end: o.start });
    if (r.end > o.end) cut.push({ ...r, start: o.end });
    return cut;
  });
  const painted: Run = { personId: o.personId, start: o.start, end: o.end, fromOverride: true, ...(o.overrideId === undefined ? {} : { overrideId: o.overrideId }) };
  return [...kept, painted].sort((a, b) => a.start - b.start);
}

/**
 * An override that hands to the person already on call changes nothing for anyone, so it is no
 * handoff: the pieces are joined and "on call until" means until someone else takes over. Two
 * plain rotation shifts of the same person (a one-member rotation) stay apart: the rotation does
 * hand off there, and joining them would make one endless shift.
 */
export function join(pieces: readonly Run[]): Run[] {
  const joined: Run[] = [];
  pieces.forEach((piece, i) => {
    const before = pieces[i - 1];
    const prev = joined.at(-1);
    // Decided by the two pieces that meet, never by what was joined before, so the answer does
    // not depend on how much of the timeline a caller looked at.
    if (prev && before && before.end === piece.start && before.personId === piece.personId && (before.fromOverride || piece.fromOverride)) {
      const overrideId = prev.overrideId ?? piece.overrideId;
      joined[joined.length - 1] = { personId: piece.personId, start: prev.start, end: piece.end, fromOverride: true, ...(overrideId === undefined ? {} : { overrideId }) };
    } else {
      joined.push(piece);
    }
  });
  return joined;
}

/**
 * Rotation shifts and overrides that meet [lo, hi), unclipped, in order, not yet joined (with
 * perhaps a stray piece just outside). Exact inside [lo, hi]; beyond, a piece may reach further
 * than shown, so callers clip or widen.
 */
export function piecesAround(inputs: OnCallInputs, lo: number, hi: number): Run[] {
  if (hi <= lo) return [];
  return inputs.overrides.filter((o) => o.start < hi && o.end > lo).reduce(paint, rotationShifts(inputs, lo, hi));
}

/** The joined runs that meet [lo, hi): a run's start is right when after `lo`, its end when before `hi`. */
export function runsAround(inputs: OnCallInputs, lo: number, hi: number): Run[] {
  return join(piecesAround(inputs, lo, hi));
}

const MAX_REACH_MS = 8.64e15 / 2;

/** The whole run of whoever is on call at `at`, or null when nobody is. */
export function runAt(inputs: OnCallInputs, at: number): Run | null {
  // Start from two periods either side and widen until the run's both ends are seen for sure.
  let reach = 2 * inputs.clock.periodDays * 86_400_000;
  for (;;) {
    const run = runsAround(inputs, at - reach, at + reach).find((r) => r.start <= at && at < r.end);
    if (!run) return null;
    if (run.start > at - reach && run.end < at + reach) return run;
    reach *= 2;
    // Runs always end (rotation shifts hand off, overrides are finite); past the range of Date
    // something is wrong, and a loud failure beats a hung scheduler.
    if (reach > MAX_REACH_MS) throw new Error(`no end found for the on-call run at ${new Date(at).toISOString()}`);
  }
}

/** The first instant after `at` when somebody comes on call, if ever: a first handoff or an override. */
export function nextStartAfter(inputs: OnCallInputs, at: number): number | undefined {
  const starts = inputs.overrides.map((o) => o.start);
  if (inputs.rotation.members.length > 0) starts.push(handoffAt(inputs.clock, 0).getTime());
  const later = starts.filter((s) => s > at);
  return later.length > 0 ? Math.min(...later) : undefined;
}
