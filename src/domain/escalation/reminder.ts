import type { IncidentPhase } from './escalation-step';

/**
 * Reminders nudge an acknowledged incident that has gone quiet: no timeline activity for the
 * policy's `reminderMs`. Activity is anything on the timeline (a note, a command, an alert, the
 * reminder itself), so while people keep writing there is no nudge, and a quiet incident is
 * nudged once per interval. Pure: the caller keeps one timer per incident and follows `next`.
 */
export interface ReminderInput {
  readonly status: IncidentPhase;
  readonly reminderMs: number | undefined;
  readonly lastActivityAt: Date;
}

export type ReminderDecision =
  | { readonly kind: 'stop' }
  /** Not due: look again at `next` (activity moved the deadline, or not acknowledged yet). */
  | { readonly kind: 'wait'; readonly next: Date }
  | { readonly kind: 'nudge'; readonly quietMs: number; readonly next: Date };

export function calcReminder(input: ReminderInput, now: Date): ReminderDecision {
  const { reminderMs, status } = input;
  if (status === 'resolved' || !reminderMs || reminderMs <= 0) return { kind: 'stop' };
  // Still triggered: escalation is what chases it; look again one interval from now.
  if (status === 'triggered') return { kind: 'wait', next: new Date(now.getTime() + reminderMs) };
  const due = input.lastActivityAt.getTime() + reminderMs;
  if (due > now.getTime()) return { kind: 'wait', next: new Date(due) };
  return { kind: 'nudge', quietMs: now.getTime() - input.lastActivityAt.getTime(), next: new Date(now.getTime() + reminderMs) };
}
