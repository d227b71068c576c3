import { refusalOf, type Action } from '../../domain/incident/lifecycle';
import type { Actor } from '../../domain/timeline/timeline-entry';
import type { IncidentDetails } from '../ports/store';

/**
 * What a lifecycle verb did: the incident as it is now and the one line that says so (the chat
 * answer and the line posted to the incident's channels), or why nothing was done.
 */
export type LifecycleResult =
  | { readonly ok: true; readonly incident: IncidentDetails; readonly line: string; readonly mentions: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** Who acts, and through what (`SMS reply`, `a button`…), when the record should say so. */
export interface By {
  readonly actor: Actor;
  /** Shown after the actor: "Acknowledged by @alice by SMS reply". */
  readonly via?: string;
}

/** The people a line names on purpose (chat turns their `@id` into a mention, and no other). */
export const mentionsOf = (by: By, ...others: string[]): string[] => [...new Set([...others, ...(by.actor.kind === 'person' ? [by.actor.id] : [])])];

export const refused = (reason: string): LifecycleResult => ({ ok: false, reason });

/** The domain's refusal for `action` on `incident`, if any. */
export function refusal(incident: IncidentDetails, action: Action): LifecycleResult | undefined {
  const reason = refusalOf({ ...incident, hasEscalationPolicy: (incident.escalationPolicy?.steps.length ?? 0) > 0 }, action);
  return reason === undefined ? undefined : refused(reason);
}
