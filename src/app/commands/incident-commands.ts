import { incidentRef } from '../../domain/incident/incident';
import { openIncident } from '../open-incident';
import type { IncidentDetails } from '../ports/store';
import { acknowledge } from '../incident-lifecycle/acknowledge';
import { assign as assignLead, escalate as escalateNow, setSeverity } from '../incident-lifecycle/change-incident';
import type { LifecycleResult } from '../incident-lifecycle/lifecycle-result';
import { resolve as resolveIncident } from '../incident-lifecycle/resolve';
import { personOf } from './chat-people';
import { announce, refuse, usageLine, type CommandRun, type Handler, type Outcome } from './command-reply';
import { onIncident } from './incident-target';

const DEFAULT_SEVERITY = 'sev3';

/** A lifecycle verb's result as the chat answer: the change for everyone to see, or a refusal for the one who typed. */
function answered(run: CommandRun, r: LifecycleResult, incident: IncidentDetails): Outcome {
  if (!r.ok) return refuse(r.reason, incident);
  for (const id of r.mentions) run.mention(id);
  return announce(r.line, r.incident);
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

// Every change goes through the incident lifecycle (src/app/incident-lifecycle): the same verbs
// webhooks and every other path call, so a command records exactly what they record.
const ack = onIncident<'incident.ack'>(async (run, incident) => answered(run, await acknowledge(run.tx, incident, { actor: run.actor }, run.now), incident));

const resolve = onIncident<'incident.resolve'>(async (run, incident) => answered(run, await resolveIncident(run.tx, incident, { actor: run.actor }, run.now, run.command.summary), incident));

const note = onIncident<'incident.note'>(async (run, incident) => {
  await run.tx.timeline.append(incident.id, { at: run.now.toISOString(), actor: run.actor, kind: 'note', text: run.command.text });
  return announce(`Noted on ${incidentRef(incident.number)} by ${run.mention(run.actor.id)}: ${run.command.text}`);
});

const sev = onIncident<'incident.sev'>(async (run, incident) => answered(run, await setSeverity(run.tx, incident, run.command.severity, { actor: run.actor }, run.now), incident));

const assign = onIncident<'incident.assign'>(async (run, incident) => answered(run, await assignLead(run.tx, incident, await personOf(run, run.command.person), { actor: run.actor }, run.now), incident));

const escalate = onIncident<'incident.escalate'>(async (run, incident) => answered(run, await escalateNow(run.tx, incident, { actor: run.actor }, run.now), incident));

export const INCIDENT_CHANGES = {
  'incident.declare': declare,
  'incident.ack': ack,
  'incident.resolve': resolve,
  'incident.note': note,
  'incident.sev': sev,
  'incident.assign': assign,
  'incident.escalate': escalate,
} as const;
