import type { TimelineKind } from '../../domain/timeline/timeline-entry';
import { incidentRef } from '../../domain/incident/incident';
import { notify } from '../chat-notices';
import type { IncidentDetails, IncidentPatch, Tx } from '../ports/store';
import { mentionsOf, type By, type LifecycleResult } from './lifecycle-result';
import { NOTICE } from '../outbox/notice-contracts';

/**
 * Applies a change to the incident, records it on the timeline and tells its channels
 * (`notice.incident_updated`: announcement and topic refreshed, plus the line), in the caller's
 * transaction. The line is `INC-n: <text>`, the same whoever or whatever made the change.
 */
export async function recordChange(tx: Tx, incident: IncidentDetails, patch: IncidentPatch, entry: { kind: TimelineKind; text: string; data?: Record<string, unknown>; mentions?: readonly string[] }, by: By, now: Date): Promise<LifecycleResult> {
  await tx.incidents.update(incident.id, patch);
  const data = { ...entry.data, ...(by.via ? { via: by.via } : {}) };
  await tx.timeline.append(incident.id, { at: now.toISOString(), actor: by.actor, kind: entry.kind, text: entry.text, data });
  const updated: IncidentDetails = { ...incident, ...patch };
  const line = `${incidentRef(incident.number)}: ${entry.text}`;
  const mentions = mentionsOf(by, ...(entry.mentions ?? []));
  await notify(tx, updated, NOTICE.incidentUpdated, { text: line, mentions });
  return { ok: true, incident: updated, line, mentions };
}

/** `@alice`, or `@alice by SMS reply`. */
export function byText(by: By, actor: string): string {
  return by.via ? `${actor} by ${by.via}` : actor;
}
