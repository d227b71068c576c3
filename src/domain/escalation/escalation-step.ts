import { escalationPlan, type EscalationPolicy, type PlannedPage } from './escalation-policy';

/**
 * What the escalation engine does when an incident's escalation timer fires: which step to page
 * now and when the next one is due. Pure: the incident's state, its policy snapshot and what was
 * already paged go in, with `now`; the caller applies the result in one transaction.
 *
 * Rules (on top of escalationPlan's timing):
 * - A scheduled step pages only while the incident is triggered; acknowledged or resolved stops it
 *   (the timer is normally cancelled first; this re-check covers a timer that fired meanwhile).
 * - A manual escalation (`/incident escalate`) pages the step after the last one paged, now, even
 *   when the incident is acknowledged (someone asked for more help). After the very last page of
 *   the plan there is no further step: the last step is paged again.
 * - After a page the next step is due at its planned instant, but never sooner than its planned
 *   gap after this page: a step paged late (Tocsin was down) or early (manual) gives the people
 *   just paged their full delay to acknowledge before anyone else is woken.
 * - Automatic escalation continues only while the incident is triggered: a manual escalation of an
 *   acknowledged incident pages once and schedules nothing.
 */

export type IncidentPhase = 'triggered' | 'acknowledged' | 'resolved';

/** A step and round as the plan numbers them (both from 0). */
export interface StepRef {
  readonly step: number;
  readonly round: number;
}

export type EscalationTrigger = ({ readonly kind: 'scheduled' } & StepRef) | { readonly kind: 'manual' };

export interface EscalationInput {
  readonly policy: EscalationPolicy;
  readonly openedAt: Date;
  readonly status: IncidentPhase;
  /** Every step already paged for this incident, in the order paged. */
  readonly paged: readonly StepRef[];
  readonly trigger: EscalationTrigger;
}

export interface NextStep extends StepRef {
  readonly at: Date;
}

export type EscalationDecision =
  | { readonly kind: 'stop'; readonly reason: 'acknowledged' | 'resolved' | 'no-steps' }
  /** The scheduled step was already paged (a manual escalation got there first): only schedule. */
  | { readonly kind: 'wait'; readonly next: NextStep | null }
  | {
      readonly kind: 'page';
      readonly page: PlannedPage;
      /** True when a manual escalation found the plan used up and pages its last step again. */
      readonly again: boolean;
      readonly next: NextStep | null;
      /** True when this was the plan's last page and nobody has acknowledged: the policy is used up. */
      readonly exhausted: boolean;
      /** How many rounds the plan has (repeat + 1), for "round 2 of 3". */
      readonly rounds: number;
    };

const isPage = (p: PlannedPage, ref: StepRef) => p.stepIndex === ref.step && p.round === ref.round;

export function calcEscalation(input: EscalationInput, now: Date): EscalationDecision {
  const { policy, status, trigger } = input;
  if (policy.steps.length === 0) return { kind: 'stop', reason: 'no-steps' };
  if (status === 'resolved') return { kind: 'stop', reason: 'resolved' };
  if (trigger.kind === 'scheduled' && status !== 'triggered') return { kind: 'stop', reason: 'acknowledged' };

  const plan = escalationPlan(policy, input.openedAt);
  const indexOf = (ref: StepRef) => plan.findIndex((p) => isPage(p, ref));
  const lastPaged = Math.max(-1, ...input.paged.map(indexOf));
  const nextAfter = (i: number, pagedAt: Date): NextStep | null => {
    const n = plan[i + 1];
    if (!n || status !== 'triggered') return null;
    const gap = n.at.getTime() - plan[i]!.at.getTime();
    return { step: n.stepIndex, round: n.round, at: new Date(Math.max(n.at.getTime(), pagedAt.getTime() + gap)) };
  };

  let target: number;
  let again = false;
  if (trigger.kind === 'manual') {
    target = lastPaged + 1;
    if (target >= plan.length) {
      target = plan.length - 1;
      again = true;
    }
  } else {
    target = indexOf(trigger);
    // Unknown to the plan (the snapshot cannot change, so only a hand-made timer) or already paged.
    if (target < 0 || target <= lastPaged) {
      const n = plan[lastPaged + 1];
      return { kind: 'wait', next: n ? { step: n.stepIndex, round: n.round, at: new Date(Math.max(n.at.getTime(), now.getTime())) } : null };
    }
  }
  const next = again ? null : nextAfter(target, now);
  return { kind: 'page', page: plan[target]!, again, next, exhausted: next === null && status === 'triggered' && !again, rounds: policy.repeat + 1 };
}

/** `step 2, round 1`: people count both from 1. */
export function stepLabel(ref: StepRef): string {
  return `step ${ref.step + 1}, round ${ref.round + 1}`;
}
