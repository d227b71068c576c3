import type { Actor } from '../timeline/timeline-entry';
import { incidentRef, type IncidentStatus } from './incident';
import type { Severity } from './severity';

/**
 * The incident's life, decided without I/O: which verb may act on an incident in which state,
 * and what a refusal says. Every path that changes an incident (chat commands, buttons, card
 * actions, webhook events, and the paging channels to come) asks here through
 * src/app/incident-lifecycle, so the same action is allowed, refused and worded the same way
 * whatever it came from.
 *
 *   triggered ──acknowledge──▶ acknowledged ──resolve──▶ resolved
 *       └────────────────resolve──────────────────────────▲   │
 *       ▲─────────────────────────reopen──────────────────────┘
 */
export type Verb = 'acknowledge' | 'resolve' | 'reopen' | 'escalate' | 'assign' | 'setSeverity';

/** What a verb needs to know of the incident. */
export interface LifecycleState {
  readonly number: number;
  readonly status: IncidentStatus;
  readonly severity: Severity;
  readonly acknowledgedBy: string | null;
  readonly assignee: string | null;
  readonly hasEscalationPolicy: boolean;
}

/** The verb and its argument, where it takes one. */
export type Action =
  | { readonly verb: 'acknowledge' | 'resolve' | 'reopen' | 'escalate' }
  | { readonly verb: 'assign'; readonly person: string }
  | { readonly verb: 'setSeverity'; readonly severity: Severity };

/** Which status transitions exist (escalate, assign and setSeverity change no status). */
export function canTransition(status: IncidentStatus, verb: 'acknowledge' | 'resolve' | 'reopen'): boolean {
  switch (verb) {
    case 'acknowledge':
      return status === 'triggered';
    case 'resolve':
      return status !== 'resolved';
    case 'reopen':
      return status === 'resolved';
  }
}

/** Why `action` cannot be taken on the incident now, in the words chat shows; undefined when it can. */
export function refusalOf(state: LifecycleState, action: Action): string | undefined {
  const ref = incidentRef(state.number);
  switch (action.verb) {
    case 'acknowledge':
      if (state.status === 'acknowledged') return `${ref} is already acknowledged${state.acknowledgedBy ? ` by ${state.acknowledgedBy}` : ''}.`;
      return state.status === 'resolved' ? `${ref} is resolved: nothing to acknowledge.` : undefined;
    case 'resolve':
      return canTransition(state.status, 'resolve') ? undefined : `${ref} is already resolved.`;
    case 'reopen':
      return canTransition(state.status, 'reopen') ? undefined : `${ref} is not resolved: nothing to reopen.`;
    case 'escalate':
      if (state.status === 'resolved') return `${ref} is resolved: nothing to escalate.`;
      return state.hasEscalationPolicy ? undefined : `${ref} has no escalation policy to page (its service names none): mention who you need instead.`;
    case 'assign':
      return state.assignee === action.person ? `@${action.person} already leads ${ref}.` : undefined;
    case 'setSeverity':
      return state.severity === action.severity ? `${ref} is already ${action.severity}.` : undefined;
  }
}

/** Who did it, as timeline and chat lines name them: `@alice`, `the source prod-am`, `Tocsin`. */
export function actorText(actor: Actor): string {
  if (actor.kind === 'person') return `@${actor.id}`;
  if (actor.kind === 'source') return `the source ${actor.id}`;
  return 'Tocsin';
}

/**
 * One alert of an incident as a webhook speaks of it. `opened` a new fingerprint; `repeat` an
 * unchanged state sent again (only a counter moves); `refire` a resolved alert firing again;
 * `resolve` a firing alert resolved; `unknown` a resolve for a fingerprint the incident never had.
 */
export type AlertStep = 'opened' | 'repeat' | 'refire' | 'resolve' | 'unknown';

export function alertStep(existing: 'firing' | 'resolved' | undefined, action: 'trigger' | 'resolve'): AlertStep {
  if (existing === undefined) return action === 'trigger' ? 'opened' : 'unknown';
  if (action === 'trigger') return existing === 'firing' ? 'repeat' : 'refire';
  return existing === 'resolved' ? 'repeat' : 'resolve';
}
