import { incidentRef } from '../../domain/incident/incident';
import { missingContact, VIA_PHRASE } from '../../domain/paging/notify-rule';
import { formatDuration } from '../../domain/time/duration';
import { TOCSIN, type TimelineKind } from '../../domain/timeline/timeline-entry';
import { notify } from '../chat-notices';
import type { Person } from '../ports/catalog';
import type { NotificationPayload, ProviderChannel } from '../ports/notification';
import type { IncidentDetails, Tx } from '../ports/store';
import { incidentTimerHandler, type TimerHandler } from '../scheduler/fire-timer';
import { newAckLink } from './ack-links';
import { incidentUrl } from '../public-urls';
import { notificationMessage, payloadIncident, payloadPerson } from './notification-payload';
import { NOTIFY_SKIPPED, NOTIFYING, type NotifyRulePayload } from './notify-timers';
import { TIMER } from '../scheduler/timer-contracts';
import type { PagingSetup } from './paging-setup';
import { NOTICE } from '../outbox/notice-contracts';

/**
 * A notification rule's timer fired: the notification goes to the outbox (its provider's worker
 * delivers it, with retries) and the timeline says so, in the timer's transaction — once across
 * replicas (fire-timer.ts). An acknowledgement or the resolution cancelled the timer before this,
 * so a rule that fires still has someone to wake; one that finds the incident resolved (a timer
 * claimed just before) does nothing. The person's contacts are read now: a phone number fixed
 * since the page is the one used.
 */
export function notifyRuleHandler(setup: Pick<PagingSetup, 'publicUrl'>): TimerHandler {
  return incidentTimerHandler(TIMER.notifyRule, async (tx, incident, timer, now) => {
    if (incident.status === 'resolved') return;
    const rule = timer.payload as unknown as NotifyRulePayload;
    const person = (await tx.catalog.person(rule.personId)) ?? { id: rule.personId };
    const record = (kind: TimelineKind, text: string, data: Record<string, unknown> = {}) =>
      tx.timeline.append(incident.id, { at: now.toISOString(), actor: TOCSIN, kind, text, data: { person: person.id, via: rule.via, rule: rule.rule, ...data } });
    const what = `@${person.id} ${VIA_PHRASE[rule.via]} (rule ${rule.rule})`;
    if (rule.via === 'chat') {
      await chatAgain(tx, incident, person, rule);
      await record(NOTIFYING, `Notifying ${what}`);
      return;
    }
    const missing = missingContact(person, rule.via);
    if (missing) {
      await record(NOTIFY_SKIPPED, `Cannot notify ${what}: ${missing}`);
      return;
    }
    const notificationId = `${incident.id}:${person.id}:${Date.parse(rule.pagedAt)}:${rule.rule}`;
    const payload = await notificationFor(tx, setup, incident, person, { channel: rule.via, notificationId, test: false }, now);
    await tx.outbox.enqueue(notificationMessage(payload));
    await record(NOTIFYING, `Notifying ${what}`, { notificationId });
  });
}

/** A `chat` rule with a delay: the page's mention and direct message again, for this person. */
async function chatAgain(tx: Tx, incident: IncidentDetails, person: Person, rule: NotifyRulePayload): Promise<void> {
  const text = `Still paging @${person.id} for ${incidentRef(incident.number)} (${incident.severity}): ${incident.title} (rule ${rule.rule}, ${formatDuration(rule.afterMs)} after the page)`;
  await notify(tx, incident, NOTICE.incidentPage, { people: [person], rule: rule.rule, text }, `notify:${incident.id}:${person.id}:${rule.pagedAt}:${rule.rule}`);
}

/** The provider payload, with a fresh one-click acknowledge link for email and push when PUBLIC_URL is set. */
export async function notificationFor(tx: Tx, setup: Pick<PagingSetup, 'publicUrl'>, incident: IncidentDetails, person: Person, ids: { channel: ProviderChannel; notificationId: string; test: boolean }, now: Date): Promise<NotificationPayload> {
  const linked = setup.publicUrl && (ids.channel === 'email' || ids.channel === 'push');
  const ackUrl = linked ? await newAckLink(tx, setup.publicUrl!, { incidentId: incident.id, personId: person.id, channel: ids.channel as 'email' | 'push' }, now) : undefined;
  const page = incidentUrl(setup.publicUrl, incident);
  return { ...ids, incident: payloadIncident(incident), person: payloadPerson(person), ...(ackUrl ? { ackUrl } : {}), ...(page ? { incidentUrl: page } : {}) };
}
