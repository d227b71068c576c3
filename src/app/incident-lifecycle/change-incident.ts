import { incidentRef } from '../../domain/incident/incident';
import { actorText } from '../../domain/incident/lifecycle';
import type { Severity } from '../../domain/incident/severity';
import { TOCSIN } from '../../domain/timeline/timeline-entry';
import { notify } from '../chat-notices';
import { PAGED } from '../escalation/escalation-timers';
import { archiveKey, escalationTimer } from '../scheduler/timer-contracts';
import { startNotifications } from '../paging/start-notifications';
import type { IncidentDetails, Tx } from '../ports/store';
import { mentionsOf, refusal, type By, type LifecycleResult } from './lifecycle-result';
import { byText, recordChange } from './record-change';
import { NOTICE } from '../outbox/notice-contracts';

/**
 * Pages the next escalation step now: a timer due at once under the incident's one escalation
 * key, so the escalation engine pages it and a manual escalation never races a scheduled one.
 */
export async function escalate(tx: Tx, incident: IncidentDetails, by: By, now: Date): Promise<LifecycleResult> {
  const no = refusal(incident, { verb: 'escalate' });
  if (no) return no;
  const at = now.toISOString();
  const who = byText(by, actorText(by.actor));
  await tx.timers.schedule(escalationTimer(incident.id, at, { manual: true }));
  // No channel update of its own: the page that follows is what the channels see.
  await tx.timeline.append(incident.id, { at, actor: by.actor, kind: 'incident.escalated', text: `Escalated by ${who}`, data: { manual: true, ...(by.via ? { via: by.via } : {}) } });
  return { ok: true, incident, mentions: mentionsOf(by), line: `${incidentRef(incident.number)} escalated by ${who}: paging the next step now.` };
}

/**
 * Makes `person` the incident's lead. Someone made lead by another is paged (SPEC "Paging a
 * person"): the chat page and their notification rules, as an escalation step pages them. Taking
 * the lead yourself pages nobody.
 */
export async function assign(tx: Tx, incident: IncidentDetails, person: string, by: By, now: Date): Promise<LifecycleResult> {
  const no = refusal(incident, { verb: 'assign', person });
  if (no) return no;
  const who = byText(by, actorText(by.actor));
  const result = await recordChange(tx, incident, { assignee: person }, { kind: 'incident.assigned', text: `@${person} leads the incident (assigned by ${who})`, data: { assignee: person, previous: incident.assignee }, mentions: [person] }, by, now);
  if (result.ok && person !== by.actor.id) await pageLead(tx, result.incident, person, who, now);
  return result;
}

async function pageLead(tx: Tx, incident: IncidentDetails, personId: string, who: string, now: Date): Promise<void> {
  const person = (await tx.catalog.person(personId)) ?? { id: personId };
  const label = `assigned as lead by ${who}`;
  await tx.timeline.append(incident.id, { at: now.toISOString(), actor: TOCSIN, kind: PAGED, text: `Paged @${person.id} (${label})`, data: { person: person.id, assigned: true } });
  const text = `Paging @${person.id} for ${incidentRef(incident.number)} (${incident.severity}): ${incident.title} (${label})`;
  await notify(tx, incident, NOTICE.incidentPage, { people: [person], text }, `page:${incident.id}:assign:${person.id}:${now.toISOString()}`);
  await startNotifications(tx, incident, person, now);
}

export async function setSeverity(tx: Tx, incident: IncidentDetails, severity: Severity, by: By, now: Date): Promise<LifecycleResult> {
  const no = refusal(incident, { verb: 'setSeverity', severity });
  if (no) return no;
  return recordChange(tx, incident, { severity }, { kind: 'incident.severity', text: `Severity ${incident.severity} → ${severity} by ${byText(by, actorText(by.actor))}`, data: { from: incident.severity, to: severity } }, by, now);
}

/**
 * A resolved incident back to triggered: nobody is on it any more, the channel is not archived,
 * and escalation pages again now (the next step, as `escalate` does).
 */
export async function reopen(tx: Tx, incident: IncidentDetails, by: By, now: Date): Promise<LifecycleResult> {
  const no = refusal(incident, { verb: 'reopen' });
  if (no) return no;
  await tx.timers.cancelPrefix(archiveKey(incident.id));
  if ((incident.escalationPolicy?.steps.length ?? 0) > 0) {
    await tx.timers.schedule(escalationTimer(incident.id, now.toISOString(), { manual: true }));
  }
  const patch = { status: 'triggered' as const, acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null };
  return recordChange(tx, incident, patch, { kind: 'incident.reopened', text: `Reopened by ${byText(by, actorText(by.actor))}` }, by, now);
}
