import { incidentRef } from '../domain/incident/incident';
import type { Actor } from '../domain/timeline/timeline-entry';
import { notify } from './chat-notices';
import type { IncidentDetails, Tx } from './ports/store';

/**
 * Resolves inside the caller's transaction: status, timeline, every pending timer of the incident
 * cancelled (escalations, reminders), the resolution notice with its numbers, and the channel's
 * archive timer when the service asks for one.
 */
export async function resolveIncidentIn(tx: Tx, incident: IncidentDetails, actor: Actor, now: Date, summary?: string): Promise<IncidentDetails> {
  const at = now.toISOString();
  await tx.incidents.update(incident.id, { status: 'resolved', resolvedAt: at, resolvedBy: actor.id });
  const text = `Resolved by ${actor.kind === 'person' ? `@${actor.id}` : actor.id}${summary ? `: ${summary}` : ''}`;
  await tx.timeline.append(incident.id, { at, actor, kind: 'incident.resolved', text, data: summary ? { summary } : {} });
  await tx.timers.cancelPrefix(`incident:${incident.id}:`);
  const resolved: IncidentDetails = { ...incident, status: 'resolved', resolvedAt: at, resolvedBy: actor.id };
  const durationMs = now.getTime() - Date.parse(incident.createdAt);
  const ttaMs = incident.acknowledgedAt ? Date.parse(incident.acknowledgedAt) - Date.parse(incident.createdAt) : null;
  await notify(tx, resolved, 'incident.resolved', { text: `${incidentRef(incident.number)} resolved`, summary: summary ?? null, durationMs, timeToAckMs: ttaMs });
  const service = incident.serviceId ? await tx.catalog.service(incident.serviceId) : undefined;
  if (service?.archiveAfterMs !== undefined) {
    await tx.timers.schedule({ key: `archive:incident:${incident.id}`, kind: 'channel.archive', dueAt: new Date(now.getTime() + service.archiveAfterMs).toISOString(), payload: { incidentId: incident.id } });
  }
  return resolved;
}
