import type { AlertLink } from '../domain/alert/alert';
import type { Severity } from '../domain/incident/severity';
import type { Actor } from '../domain/timeline/timeline-entry';
import { announceOpened } from './announce-opened';
import { pagesWithoutChannel } from './chat-notices';
import type { IncidentDetails, Tx } from './ports/store';
import { startEscalation } from './escalation/escalate-incident';
import { holdChannelInStorm } from './storm/enter-storm';

export interface OpenIncidentInput {
  readonly title: string;
  readonly severity: Severity;
  readonly serviceId: string | null;
  readonly dedupKey: string | null;
  readonly integrationId: string | null;
  readonly actor: Actor;
  readonly now: Date;
  readonly openedText: string;
  readonly links?: readonly AlertLink[];
  /**
   * `by-caller`: the caller records more first (ingest: every alert of the webhook that opened the
   * incident, so the timeline reads alerts, then pages) and calls startEscalation itself, in the
   * same transaction.
   */
  readonly escalation?: 'at-open' | 'by-caller';
}

/**
 * Opens an incident: number, timeline, the announcement for every chat target (or, in a storm,
 * a place in the storm digest instead: src/app/storm/), then the
 * escalation (startEscalation: a first step due at once is paged in this same transaction, a later
 * one gets its timer). The service's escalation policy is copied onto the incident, so editing the
 * policy later does not change pages already in flight.
 */
export async function openIncident(tx: Tx, input: OpenIncidentInput): Promise<IncidentDetails> {
  const at = input.now.toISOString();
  const service = input.serviceId ? await tx.catalog.service(input.serviceId) : undefined;
  const policy = service?.escalationPolicy ? ((await tx.catalog.escalationPolicy(service.escalationPolicy)) ?? null) : null;
  const incident = await tx.incidents.create({ title: input.title, severity: input.severity, serviceId: input.serviceId, dedupKey: input.dedupKey, integrationId: input.integrationId, escalationPolicy: policy, createdAt: at });
  await tx.timeline.append(incident.id, { at, actor: input.actor, kind: 'incident.opened', text: input.openedText, data: { severity: input.severity, service: input.serviceId, policy: policy?.id ?? null } });

  // In a storm an alert's incident is recorded and paged as ever, but its channel waits until asked
  // for on the platforms that page without it; Teams threads its pages under the incident's card,
  // so there the card goes in the service channel as a thread, with no channel of its own.
  // One declared by hand counts towards the storm but gets its channel: someone is already on it.
  const held = service && input.actor.kind === 'source' ? await holdChannelInStorm(tx, incident, service, input.now) : false;
  await announceOpened(tx, incident, service, input.now, input.links ?? [], held ? { only: (t) => !pagesWithoutChannel(t.platform), inStorm: true } : {});
  if (input.escalation !== 'by-caller') await startEscalation(tx, incident, input.now);
  return incident;
}
