import { calcEscalation, stepLabel, type EscalationDecision, type EscalationTrigger, type NextStep, type StepRef } from '../../domain/escalation/escalation-step';
import type { PlannedPage } from '../../domain/escalation/escalation-policy';
import { formatDuration } from '../../domain/time/duration';
import { incidentRef } from '../../domain/incident/incident';
import { TOCSIN, type TimelineKind } from '../../domain/timeline/timeline-entry';
import { notify } from '../chat-notices';
import type { IncidentDetails, Tx } from '../ports/store';
import { startNotifications } from '../paging/start-notifications';
import { pageTargets } from '../page-targets';
import { incidentTimerHandler, type TimerHandler } from '../scheduler/fire-timer';
import { postToChannel } from '../scheduler/chat-posts';
import { ensureReminder, PAGE_MISSED, PAGED, pagedSteps } from './escalation-timers';
import { NOTICE } from '../outbox/notice-contracts';
import { escalationTimer, TIMER } from '../scheduler/timer-contracts';

/**
 * The `timer.escalation_step` timer: load the incident and what was paged (timeline), decide with
 * calcEscalation, then page, say it on the timeline and schedule the next step — all in the
 * timer's transaction. Payload: `{incidentId, step, round}` (scheduled) or `{incidentId, manual: true}`
 * (`/incident escalate`).
 */
export const escalationStepHandler: TimerHandler = incidentTimerHandler(TIMER.escalationStep, async (tx, incident, timer, now) => {
  if (!incident.escalationPolicy) return;
  const trigger: EscalationTrigger = timer.payload.manual === true ? { kind: 'manual' } : { kind: 'scheduled', step: Number(timer.payload.step ?? 0), round: Number(timer.payload.round ?? 0) };
  const paged = pagedSteps(await tx.timeline.list(incident.id));
  const decision = calcEscalation({ policy: incident.escalationPolicy, openedAt: new Date(incident.createdAt), status: incident.status, paged, trigger }, now);
  await applyEscalation(tx, incident, decision, trigger, now);
});

/**
 * Starts the escalation of an incident just opened, inside the transaction that opens it. A first
 * step due at once (`after: 0s`, the usual case) is paged right here, so the page commits with the
 * incident and the 2xx the sender gets: nobody waits for a timer poll, however busy the store is.
 * A first step with a delay is a timer, like every later step.
 */
export async function startEscalation(tx: Tx, incident: IncidentDetails, now: Date): Promise<void> {
  const policy = incident.escalationPolicy;
  const first = policy?.steps[0];
  if (!policy || !first) return;
  if (first.afterMs > 0) {
    await scheduleStep(tx, incident.id, { step: 0, round: 0, at: new Date(Date.parse(incident.createdAt) + first.afterMs) });
    return;
  }
  const trigger: EscalationTrigger = { kind: 'scheduled', step: 0, round: 0 };
  const decision = calcEscalation({ policy, openedAt: new Date(incident.createdAt), status: incident.status, paged: [], trigger }, now);
  await applyEscalation(tx, incident, decision, trigger, now);
}

async function applyEscalation(tx: Tx, incident: IncidentDetails, decision: EscalationDecision, trigger: EscalationTrigger, now: Date): Promise<void> {
  if (decision.kind === 'stop') return;
  if (decision.kind === 'page') {
    const { page } = decision;
    const steps = incident.escalationPolicy?.steps.length ?? 0;
    if (trigger.kind === 'scheduled' && (page.stepIndex > 0 || page.round > 0)) {
      const quiet = formatDuration(now.getTime() - Date.parse(incident.createdAt));
      await append(tx, incident, now, 'incident.escalated', `Not acknowledged after ${quiet}: escalating to step ${page.stepIndex + 1} of ${steps}, round ${page.round + 1} of ${decision.rounds}`, { ...ref(page), automatic: true });
    }
    await pageStep(tx, incident, page, decision.again, now);
    // Said only when the policy escalated: a policy of one page (one step, no repeat) has nothing
    // to use up, and saying "nobody acknowledged" in the same instant as that page is not true.
    if (decision.exhausted && (page.stepIndex > 0 || page.round > 0)) {
      const text = `Nobody acknowledged ${incidentRef(incident.number)} after ${decision.rounds} round${decision.rounds === 1 ? '' : 's'} of its escalation policy: automatic paging has stopped. /incident escalate pages the last step again.`;
      await append(tx, incident, now, 'incident.escalation_exhausted', text, { policy: incident.escalationPolicy?.id ?? null });
      await notify(tx, incident, NOTICE.incidentMessage, { text });
    }
    await ensureReminder(tx, incident.id, incident.escalationPolicy?.reminderMs, now);
  }
  const { next } = decision;
  if (next) await scheduleStep(tx, incident.id, next);
}

/** The incident's one escalation timer, (re)set to page `step` of `round` at its time. */
function scheduleStep(tx: Tx, incidentId: number, next: NextStep): Promise<void> {
  return tx.timers.schedule(escalationTimer(incidentId, next.at.toISOString(), { step: next.step, round: next.round }));
}

const ref = (p: PlannedPage): StepRef => ({ step: p.stepIndex, round: p.round });

async function append(tx: Tx, incident: IncidentDetails, now: Date, kind: TimelineKind, text: string, data: Record<string, unknown>) {
  await tx.timeline.append(incident.id, { at: now.toISOString(), actor: TOCSIN, kind, text, data });
}

/**
 * Pages one step: whoever its targets name at `now` (rotations resolve to who is on call then),
 * one timeline entry per person or channel paged, one for each rotation with nobody on call. Each
 * person's notification rules start (start-notifications.ts); the chat page below is their 0s chat.
 */
async function pageStep(tx: Tx, incident: IncidentDetails, page: PlannedPage, again: boolean, now: Date): Promise<void> {
  const label = `${stepLabel(ref(page))}${again ? ', again' : ''}`;
  const data = ref(page);
  const resolved = await pageTargets(tx.catalog, page.targets, now);
  for (const person of resolved.people) {
    await append(tx, incident, now, PAGED, `Paged @${person.id} (${label})`, { ...data, person: person.id });
    await startNotifications(tx, incident, person, now);
  }
  for (const channel of resolved.channels) await append(tx, incident, now, PAGED, `Paged channel ${channel.platform}:${channel.id} (${label})`, { ...data, channel });
  for (const rotation of resolved.emptyRotations) {
    await append(tx, incident, now, PAGE_MISSED, `Nobody is on call in rotation ${rotation}: nobody paged for it (${label})`, { ...data, rotation });
  }
  if (resolved.people.length + resolved.channels.length + resolved.emptyRotations.length === 0) {
    await append(tx, incident, now, PAGE_MISSED, `Step ${page.stepIndex + 1} names nobody to page (${label})`, { ...data });
  }
  const title = `${incidentRef(incident.number)} (${incident.severity}): ${incident.title}`;
  const once = `page:${incident.id}:${page.round}:${page.stepIndex}:${now.toISOString()}`;
  if (resolved.people.length > 0) {
    const names = resolved.people.map((p) => `@${p.id}`).join(', ');
    await notify(tx, incident, NOTICE.incidentPage, { people: resolved.people, step: page.stepIndex, round: page.round, text: `Paging ${names} for ${title} (${label})` }, once);
  }
  for (const channel of resolved.channels) {
    await postToChannel(tx, channel, { text: `${title} is not acknowledged: this channel is paged (${label}).`, incident: incidentRef(incident.number) }, `${once}:${channel.id}`);
  }
  if (resolved.emptyRotations.length > 0) {
    await notify(tx, incident, NOTICE.incidentMessage, { text: `Nobody is on call in ${resolved.emptyRotations.join(', ')}: nobody was paged for ${resolved.emptyRotations.length === 1 ? 'it' : 'them'} (${label}).` });
  }
}
