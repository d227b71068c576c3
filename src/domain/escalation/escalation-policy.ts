/**
 * An escalation policy as the engine uses it, and the schedule of pages it produces.
 *
 * Timing rule (follows PagerDuty's "escalation delay", in Tocsin's offsets-from-open form):
 * - A step's `afterMs` counts from when the incident opened, not from the step before. Steps are
 *   expected in non-decreasing order of `afterMs` (the policy check refuses anything else).
 * - In PagerDuty every rule carries a delay before the next one; here the delay of step i is
 *   `steps[i+1].afterMs - steps[i].afterMs`. The last step's delay — how long after it the list
 *   starts over — is the gap before it (`last - previous`); with a single step, that step's own
 *   offset. When that gap is zero, PagerDuty's default escalation delay (30 minutes) is used, so a
 *   repeating policy never pages twice at the same instant.
 * - `repeat: N` runs the whole list N more times. Round r starts `r × roundLength` after the
 *   incident opened, where roundLength = last step's offset + the last step's delay.
 *   Example: steps at 0m, 10m, 20m with repeat 2 → pages at 0, 10, 20, 30, 40, 50, 60, 70, 80m.
 * - An acknowledgement stops the plan (the caller drops the pages not yet sent); `reminderMs`
 *   is separate: it nudges an acknowledged incident that has gone quiet.
 */

import type { ChatPlatform } from '../chat-platform';

export type { ChatPlatform } from '../chat-platform';

export type EscalationTarget =
  | { readonly rotation: string }
  | { readonly person: string }
  | { readonly channel: { readonly platform: ChatPlatform; readonly id: string } };

export interface EscalationStep {
  /** Offset from when the incident opened. */
  readonly afterMs: number;
  readonly targets: readonly EscalationTarget[];
}

export interface EscalationPolicy {
  readonly id: string;
  readonly steps: readonly EscalationStep[];
  /** How many more times the whole list runs when nobody acknowledges; 0 = once. */
  readonly repeat: number;
  /** Nudge interval for an acknowledged incident that has gone quiet. */
  readonly reminderMs?: number;
}

export interface PlannedPage {
  readonly stepIndex: number;
  /** 0 for the first run through the list, 1.. for each repeat. */
  readonly round: number;
  readonly at: Date;
  readonly targets: readonly EscalationTarget[];
}

/** PagerDuty's default escalation delay, used when the policy gives no gap to repeat after. */
export const DEFAULT_LOOP_DELAY_MS = 30 * 60_000;

/** How long after the last step the list starts over (see the timing rule above). */
export function loopDelayMs(policy: EscalationPolicy): number {
  const n = policy.steps.length;
  if (n === 0) return DEFAULT_LOOP_DELAY_MS;
  const gap = n === 1 ? policy.steps[0].afterMs : policy.steps[n - 1].afterMs - policy.steps[n - 2].afterMs;
  return gap > 0 ? gap : DEFAULT_LOOP_DELAY_MS;
}

/** Time from the start of one round to the start of the next. */
export function roundLengthMs(policy: EscalationPolicy): number {
  const last = policy.steps.at(-1)?.afterMs ?? 0;
  return last + loopDelayMs(policy);
}

/** Every page the policy would send if nobody acknowledges, in time order (ties keep step order). */
export function escalationPlan(policy: EscalationPolicy, openedAt: Date): PlannedPage[] {
  const start = openedAt.getTime();
  const length = roundLengthMs(policy);
  const pages: PlannedPage[] = [];
  for (let round = 0; round <= policy.repeat; round++) {
    policy.steps.forEach((step, stepIndex) => {
      pages.push({ stepIndex, round, at: new Date(start + round * length + step.afterMs), targets: step.targets });
    });
  }
  // Stable sort: only reorders if a policy slipped through with steps out of order.
  return pages.sort((a, b) => a.at.getTime() - b.at.getTime());
}
