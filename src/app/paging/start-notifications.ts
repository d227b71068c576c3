import { rulesFor } from '../../domain/paging/notify-rule';
import type { Person } from '../ports/catalog';
import type { IncidentDetails, Tx } from '../ports/store';
import { notifyPersonPrefix, notifyRuleTimer } from '../scheduler/timer-contracts';
import type { NotifyRulePayload } from './notify-timers';

/**
 * A person was paged (an escalation step, their rotation, `/incident assign`): their notification
 * rules start now. Each rule is a durable timer due at page time + `after`, so it fires once across
 * replicas, survives restarts, and is cancelled by an acknowledgement or the resolution. Paging the
 * same person again restarts their rules from that page. A `chat` rule at 0s is the page's own chat
 * notice (sent by the caller, as always), so it needs no timer.
 */
export async function startNotifications(tx: Tx, incident: IncidentDetails, person: Person, now: Date): Promise<void> {
  await tx.timers.cancelPrefix(notifyPersonPrefix(incident.id, person.id));
  const pagedAt = now.toISOString();
  for (const [i, rule] of rulesFor(person, incident.severity).entries()) {
    if (rule.via === 'chat' && rule.afterMs === 0) continue;
    const payload: NotifyRulePayload = { incidentId: incident.id, personId: person.id, rule: i + 1, via: rule.via, afterMs: rule.afterMs, pagedAt };
    await tx.timers.schedule(notifyRuleTimer(payload, new Date(now.getTime() + rule.afterMs).toISOString()));
  }
}
