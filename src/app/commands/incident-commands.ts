import { incidentRef } from '../../domain/incident/incident';
import { notify } from '../chat-notices';
import { openIncident } from '../open-incident';
import type { IncidentDetails, IncidentPatch } from '../ports/store';
import { resolveIncidentIn } from '../resolve-incident';
import { personOf } from './chat-people';
import { announce, refuse, usageLine, type CommandRun, type Handler } from './command-reply';
import { onIncident } from './incident-target';
import { ensureReminder } from '../escalation/escalation-timers';

const DEFAULT_SEVERITY = 'sev3';

/** Applies a change to the incident, says it on the timeline and in its channels, and answers with the same line. */
async function change(run: CommandRun, incident: IncidentDetails, patch: IncidentPatch, entry: { kind: string; text: string; data?: Record<string, unknown> }) {
  await run.tx.incidents.update(incident.id, patch);
  await run.tx.timeline.append(incident.id, { at: run.now.toISOString(), actor: run.actor, ...entry });
  const updated: IncidentDetails = { ...incident, ...patch };
  const line = `${incidentRef(incident.number)}: ${entry.text}`;
  await notify(run.tx, updated, 'incident.updated', { text: line, mentions: [...run.mentioned] });
  return announce(line, updated);
}

const declare: Handler<'incident.declare'> = async (run) => {
  const { title, severity = DEFAULT_SEVERITY, service } = run.command;
  if (service !== undefined && !(await run.tx.catalog.service(service))) {
    const known = (await run.tx.catalog.services()).map((s) => s.id);
    return refuse(`There is no service ${service}${known.length ? ` (services: ${known.join(', ')})` : ''}. Usage: ${usageLine('incident.declare')}`);
  }
  const incident = await openIncident(run.tx, {
    title,
    severity,
    serviceId: service ?? null,
    dedupKey: null,
    integrationId: null,
    actor: run.actor,
    now: run.now,
    openedText: `Declared by ${run.mention(run.actor.id)}: ${title}`,
  });
  return announce(`${incidentRef(incident.number)} declared by ${run.mention(run.actor.id)}: ${title} (${[severity, service].filter(Boolean).join(', ')})`, incident);
};

const ack = onIncident<'incident.ack'>(async (run, incident) => {
  const ref = incidentRef(incident.number);
  if (incident.status === 'acknowledged') return refuse(`${ref} is already acknowledged${incident.acknowledgedBy ? ` by ${incident.acknowledgedBy}` : ''}.`);
  if (incident.status === 'resolved') return refuse(`${ref} is resolved: nothing to acknowledge.`);
  const at = run.now.toISOString();
  // Acknowledging stops the pages still to come; reminders for quiet incidents are not escalations.
  await run.tx.timers.cancelPrefix(`incident:${incident.id}:escalate`);
  await ensureReminder(run.tx, incident.id, incident.escalationPolicy?.reminderMs, run.now);
  return change(run, incident, { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: run.actor.id }, { kind: 'incident.acknowledged', text: `Acknowledged by ${run.mention(run.actor.id)}` });
});

const resolve = onIncident<'incident.resolve'>(async (run, incident) => {
  if (incident.status === 'resolved') return refuse(`${incidentRef(incident.number)} is already resolved.`);
  const resolved = await resolveIncidentIn(run.tx, incident, run.actor, run.now, run.command.summary);
  return announce(`${incidentRef(incident.number)} resolved by ${run.mention(run.actor.id)}${run.command.summary ? `: ${run.command.summary}` : ''}`, resolved);
});

const note = onIncident<'incident.note'>(async (run, incident) => {
  await run.tx.timeline.append(incident.id, { at: run.now.toISOString(), actor: run.actor, kind: 'note', text: run.command.text });
  return announce(`Noted on ${incidentRef(incident.number)} by ${run.mention(run.actor.id)}: ${run.command.text}`);
});

const sev = onIncident<'incident.sev'>(async (run, incident) => {
  const { severity } = run.command;
  if (incident.severity === severity) return refuse(`${incidentRef(incident.number)} is already ${severity}.`);
  return change(run, incident, { severity }, { kind: 'incident.severity', text: `Severity ${incident.severity} → ${severity} by ${run.mention(run.actor.id)}`, data: { from: incident.severity, to: severity } });
});

const assign = onIncident<'incident.assign'>(async (run, incident) => {
  const lead = await personOf(run, run.command.person);
  if (incident.assignee === lead) return refuse(`${run.mention(lead)} already leads ${incidentRef(incident.number)}.`);
  return change(run, incident, { assignee: lead }, { kind: 'incident.assigned', text: `${run.mention(lead)} leads the incident (assigned by ${run.mention(run.actor.id)})`, data: { assignee: lead, previous: incident.assignee } });
});

const escalate = onIncident<'incident.escalate'>(async (run, incident) => {
  const ref = incidentRef(incident.number);
  if (incident.status === 'resolved') return refuse(`${ref} is resolved: nothing to escalate.`);
  if (!incident.escalationPolicy?.steps.length) return refuse(`${ref} has no escalation policy to page (its service names none): mention who you need instead.`);
  const at = run.now.toISOString();
  // Due now, under the incident's one escalation key: the escalation engine pages the next step
  // at once, and the key keeps a manual escalation from racing a scheduled one.
  await run.tx.timers.schedule({ key: `incident:${incident.id}:escalate`, kind: 'escalation.step', dueAt: at, payload: { incidentId: incident.id, manual: true } });
  await run.tx.timeline.append(incident.id, { at, actor: run.actor, kind: 'incident.escalated', text: `Escalated by ${run.mention(run.actor.id)}`, data: { manual: true } });
  return announce(`${ref} escalated by ${run.mention(run.actor.id)}: paging the next step now.`);
});

export const INCIDENT_CHANGES = {
  'incident.declare': declare,
  'incident.ack': ack,
  'incident.resolve': resolve,
  'incident.note': note,
  'incident.sev': sev,
  'incident.assign': assign,
  'incident.escalate': escalate,
} as const;
