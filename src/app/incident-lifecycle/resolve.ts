import { incidentRef } from '../../domain/incident/incident';
import { actorText } from '../../domain/incident/lifecycle';
import { notify } from '../chat-notices';
import type { IncidentDetails, Tx } from '../ports/store';
import { mentionsOf, refusal, type By, type LifecycleResult } from './lifecycle-result';
import { byText } from './record-change';
import { NOTICE } from '../outbox/notice-contracts';
import { archiveTimer, incidentTimersPrefix } from '../scheduler/timer-contracts';

/**
 * Resolves inside the caller's transaction: status, timeline, every pending timer of the incident
 * cancelled (escalations, reminders), the resolution notice with its numbers, and the channel's
 * archive timer when the service asks for one. The one resolution for every path.
 */
export async function resolve(tx: Tx, incident: IncidentDetails, by: By, now: Date, summary?: string): Promise<LifecycleResult> {
  const no = refusal(incident, { verb: 'resolve' });
  if (no) return no;
  const at = now.toISOString();
  const who = byText(by, actorText(by.actor));
  await tx.incidents.update(incident.id, { status: 'resolved', resolvedAt: at, resolvedBy: by.actor.id });
  const data = { ...(summary ? { summary } : {}), ...(by.via ? { via: by.via } : {}) };
  await tx.timeline.append(incident.id, { at, actor: by.actor, kind: 'incident.resolved', text: `Resolved by ${who}${summary ? `: ${summary}` : ''}`, data });
  await tx.timers.cancelPrefix(incidentTimersPrefix(incident.id));
  const resolved: IncidentDetails = { ...incident, status: 'resolved', resolvedAt: at, resolvedBy: by.actor.id };
  const durationMs = now.getTime() - Date.parse(incident.createdAt);
  const ttaMs = incident.acknowledgedAt ? Date.parse(incident.acknowledgedAt) - Date.parse(incident.createdAt) : null;
  await notify(tx, resolved, NOTICE.incidentResolved, { text: `${incidentRef(incident.number)} resolved`, summary: summary ?? null, durationMs, timeToAckMs: ttaMs });
  const service = incident.serviceId ? await tx.catalog.service(incident.serviceId) : undefined;
  if (service?.archiveAfterMs !== undefined) {
    await tx.timers.schedule(archiveTimer(incident.id, new Date(now.getTime() + service.archiveAfterMs).toISOString()));
  }
  return { ok: true, incident: resolved, mentions: mentionsOf(by), line: `${incidentRef(incident.number)} resolved by ${who}${summary ? `: ${summary}` : ''}` };
}
