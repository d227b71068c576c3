import { nextStartAfter, onCallInputs, runAt } from './on-call-timeline';
import type { Override } from './override';
import type { Rotation } from './rotation';
import { toShift, type Shift } from './shifts';

export interface OnCall {
  /** Whoever is on call at the instant asked, with the whole span they are on for; null if nobody. */
  readonly current: Shift | null;
  /**
   * The span after it, starting when `current` ends (null if nobody takes over then). When nobody
   * is on call, the first span that starts later (the first shift of a rotation not started yet).
   */
  readonly next: Shift | null;
}

/** Who is on call for `rotation` at `at`, overrides applied, and who comes next. */
export function onCallAt(rotation: Rotation, overrides: readonly Override[], at: Date): OnCall {
  const inputs = onCallInputs(rotation, overrides);
  const current = runAt(inputs, at.getTime());
  const nextStart = current ? current.end : nextStartAfter(inputs, at.getTime());
  const next = nextStart === undefined ? null : runAt(inputs, nextStart);
  return { current: current && toShift(current), next: next && toShift(next) };
}
