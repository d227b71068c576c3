import type { Actor } from '../../domain/timeline/timeline-entry';
import { announceOpened } from '../announce-opened';
import type { IncidentDetails, Tx } from '../ports/store';
import { refreshDigest, stormServiceOf } from './storm-notices';

/** `opened`: the channel is on its way; `already`: asked for before; `not-held`: the incident was never held back by a storm. */
export type HeldChannel = 'opened' | 'already' | 'not-held';

/**
 * Opens the channel a storm held back (SPEC "Alert storms"): when someone acknowledges the
 * incident, types `/incident channel INC-n` or presses the digest's button. The normal
 * `notice.incident_opened` path then runs once: asking twice (or by two paths at once: the incident row is
 * locked by every caller) records one request and enqueues one channel. The person who asked (or
 * acknowledged) joins it: invited with the on-call and the responders.
 */
export async function openHeldChannel(tx: Tx, incident: IncidentDetails, now: Date, asker?: Actor): Promise<HeldChannel> {
  const held = await tx.storms.find(incident.id);
  if (!held) return 'not-held';
  if (!(await tx.storms.markChannel(incident.id, now.toISOString()))) return 'already';
  const service = incident.serviceId ? await tx.catalog.service(incident.serviceId) : undefined;
  const links = (await tx.alerts.listFor(incident.id)).flatMap((a) => a.links);
  await announceOpened(tx, incident, service, now, links, { joining: asker?.kind === 'person' ? [asker.id] : [] });
  if (service) await refreshDigest(tx, stormServiceOf(service), held.minuteAt, { channelFor: incident.id });
  return 'opened';
}
