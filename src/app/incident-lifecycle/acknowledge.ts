import { actorText } from '../../domain/incident/lifecycle';
import { ensureReminder } from '../escalation/escalation-timers';
import { escalateKey, notifyPrefix } from '../scheduler/timer-contracts';
import { openHeldChannel } from '../storm/open-held-channel';
import type { IncidentDetails, Tx } from '../ports/store';
import { refusal, type By, type LifecycleResult } from './lifecycle-result';
import { byText, recordChange } from './record-change';

/**
 * Acknowledges: someone is on it. Every pending page of the incident stops (its escalation
 * timer, and every personal notification still to fire); the reminder for a quiet incident starts from now; the timeline says who and through
 * what; the channels are updated (and a channel a storm held back is opened). The one acknowledgement for every path: chat command, button,
 * card action, webhook event, and any paging channel.
 */
export async function acknowledge(tx: Tx, incident: IncidentDetails, by: By, now: Date): Promise<LifecycleResult> {
  const no = refusal(incident, { verb: 'acknowledge' });
  if (no) return no;
  await tx.timers.cancelPrefix(escalateKey(incident.id));
  // Whoever acknowledged, from wherever: nobody else needs waking for this incident.
  await tx.timers.cancelPrefix(notifyPrefix(incident.id));
  await ensureReminder(tx, incident.id, incident.escalationPolicy?.reminderMs, now);
  // Held back by a storm: whoever is on it gets the channel, before the acknowledgement is said there.
  await openHeldChannel(tx, incident, now, by.actor);
  const who = by.actor.id;
  return recordChange(tx, incident, { status: 'acknowledged', acknowledgedAt: now.toISOString(), acknowledgedBy: who }, { kind: 'incident.acknowledged', text: `Acknowledged by ${byText(by, actorText(by.actor))}` }, by, now);
}
