import type { OverrideSpan } from './override';

/** A stretch where one override decides who is on call: it covers it, and no later one does. */
export interface CoverPiece {
  readonly start: number;
  readonly end: number;
  readonly span: OverrideSpan;
}

/**
 * Where overrides decide who is on call, in order and disjoint: each override's span minus the
 * spans of the overrides listed after it (they win). Between the pieces the rotation decides.
 * Costs O(m log m) for m overrides whatever their spans, so a span ending in year 9999 is as cheap
 * as one ending tomorrow: nothing here looks at the rotation's shifts.
 */
export function overrideCover(spans: readonly OverrideSpan[]): CoverPiece[] {
  const edges = [...new Set(spans.flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const edgeIndex = (t: number) => firstIndex(edges, (e) => e >= t);
  // winners[i] decides [edges[i], edges[i+1]). Latest override first: each elementary stretch is
  // decided once, and `free` skips stretches already decided (a union-find on "next undecided").
  const winners: (OverrideSpan | undefined)[] = new Array(Math.max(edges.length - 1, 0)).fill(undefined);
  const free = edges.map((_, i) => i);
  const nextFree = (i: number): number => {
    let root = i;
    while (free[root] !== root) root = free[root] as number;
    for (let j = i; j !== root; ) {
      const up = free[j] as number;
      free[j] = root;
      j = up;
    }
    return root;
  };
  for (let o = spans.length - 1; o >= 0; o -= 1) {
    const span = spans[o] as OverrideSpan;
    const last = edgeIndex(span.end);
    for (let i = nextFree(edgeIndex(span.start)); i < last; i = nextFree(i + 1)) {
      winners[i] = span;
      free[i] = i + 1;
    }
  }
  const pieces: CoverPiece[] = [];
  winners.forEach((span, i) => {
    if (!span) return;
    const prev = pieces.at(-1);
    const start = edges[i] as number;
    const end = edges[i + 1] as number;
    if (prev && prev.span === span && prev.end === start) pieces[pieces.length - 1] = { ...prev, end };
    else pieces.push({ start, end, span });
  });
  return pieces;
}

/** The first index whose item passes `test` (false, then true along the list), or the length if none does. */
export function firstIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
