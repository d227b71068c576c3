import { incidentRef } from '../../domain/incident/incident';
import { DEFAULT_INCIDENTS_PER_MINUTE, STORM_MINUTE_MS, stormCountLimit, stormMinute, stormOnOpen } from '../../domain/storm/storm-mode';
import { TOCSIN } from '../../domain/timeline/timeline-entry';
import { pagesWithoutChannel } from '../chat-notices';
import type { ServiceRecord } from '../ports/catalog';
import type { IncidentDetails, Tx } from '../ports/store';
import { refreshDigest, stormNotice, stormServiceOf } from './storm-notices';
import { stormCheckTimer } from '../scheduler/timer-contracts';

/**
 * Called as an incident opens, in its transaction: counts the service's incidents of the last
 * minute (this one included) and, in a storm, holds the incident's channel back — the incident
 * goes into the minute's digest instead. True when the channel is held. Incidents are numbered
 * under one counter row, so concurrent opens (other replicas too) see each other's count.
 */
export async function holdChannelInStorm(tx: Tx, incident: IncidentDetails, service: ServiceRecord, now: Date): Promise<boolean> {
  // Teams threads pages under the incident's card: a service on Teams alone keeps a card each.
  if (service.chat.length > 0 && !service.chat.some((t) => pagesWithoutChannel(t.platform))) return false;
  const perMinute = service.stormPerMinute ?? DEFAULT_INCIDENTS_PER_MINUTE;
  const active = await tx.storms.active(service.id);
  // Counted no further than one past the threshold (not at all with no limit). The opening that
  // passes it is the one past it, so the start message's count is exact (a floor after a threshold
  // lowered mid-minute).
  const opened = active ? 0 : await tx.storms.countOpened(service.id, new Date(now.getTime() - STORM_MINUTE_MS + 1).toISOString(), new Date(now.getTime() + 1).toISOString(), stormCountLimit(perMinute));
  const step = stormOnOpen(active !== undefined, opened, perMinute);
  if (step === 'calm') return false;

  const at = now.toISOString();
  const s = stormServiceOf(service);
  const startedAt = active?.startedAt ?? at;
  const minuteAt = stormMinute(startedAt, now).start;
  const ref = incidentRef(incident.number);
  if (step === 'starts') {
    await tx.storms.start({ serviceId: service.id, startedAt, perMinute });
    await tx.timers.schedule(stormCheckTimer(service.id, new Date(now.getTime() + STORM_MINUTE_MS).toISOString(), startedAt));
    await stormNotice(
      tx,
      s,
      `🌪️ Storm started on ${s.name}: ${opened} new incidents in the last minute (more than ${perMinute}). New incidents are still paged, but get no channel of their own: a digest here lists them each minute. Acknowledge one, or \`/incident channel INC-n\`, to open its channel.`,
      `started:${startedAt}`,
    );
  }
  await tx.storms.addIncident({ incidentId: incident.id, serviceId: service.id, stormStartedAt: startedAt, minuteAt });
  const text =
    step === 'starts'
      ? `Storm started on ${s.name}: ${opened} new incidents in the last minute, more than ${perMinute}. ${ref} is paged as usual but gets no channel of its own until someone acknowledges it or types /incident channel ${ref}; it is in the storm digest.`
      : `Opened during the storm on ${s.name} (started ${startedAt}): paged as usual, no channel of its own until someone acknowledges it or types /incident channel ${ref}; it is in the storm digest.`;
  await tx.timeline.append(incident.id, { at, actor: TOCSIN, kind: 'incident.storm_started', text, data: { service: service.id, stormStartedAt: startedAt, perMinute, minuteAt } });
  await refreshDigest(tx, s, minuteAt, { slot: now });
  return true;
}
