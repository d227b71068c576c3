import type { Problem } from '../problem';
import { parseInstant } from '../time/instant';

/**
 * Someone covers a span of a rotation: inside [start, end) `personId` is on call instead of
 * whoever the rotation says, and nowhere else. Where overrides overlap, the one listed (created)
 * later wins, so callers pass them oldest first.
 */
export interface Override {
  readonly id?: string;
  readonly rotationId: string;
  readonly personId: string;
  /** ISO-8601 instants with an offset; the span is half-open, [start, end). */
  readonly start: string;
  readonly end: string;
}

/** Every problem with an override at once, named under `path` (`overrides[2]`). */
export function checkOverride(override: Override, path = 'override'): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ path: `${path}.${key}`, message });
  if (override.personId.trim() === '') add('person', 'an override needs a person id');
  const start = parseInstant(override.start);
  const end = parseInstant(override.end);
  const form = 'an ISO-8601 instant with an offset, like 2026-12-24T00:00:00+01:00';
  if (!start) add('start', `"${override.start}" is not ${form}`);
  if (!end) add('end', `"${override.end}" is not ${form}`);
  if (start && end && end.getTime() <= start.getTime()) add('end', 'the end must come after the start');
  return problems;
}

/** An override read once: its span as epoch milliseconds. */
export interface OverrideSpan {
  readonly personId: string;
  readonly overrideId?: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The overrides of one rotation, in the order given (later wins), as spans. Throws on an override
 * that `checkOverride` would refuse: callers check at the edge.
 */
export function overrideSpans(rotationId: string, overrides: readonly Override[]): OverrideSpan[] {
  return overrides
    .filter((o) => o.rotationId === rotationId)
    .map((o) => {
      const problems = checkOverride(o);
      if (problems.length > 0) throw new RangeError(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      const span = { personId: o.personId, start: Date.parse(o.start), end: Date.parse(o.end) };
      return o.id === undefined ? span : { ...span, overrideId: o.id };
    });
}
