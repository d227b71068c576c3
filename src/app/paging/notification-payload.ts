import { incidentRef } from '../../domain/incident/incident';
import type { Person } from '../ports/catalog';
import type { NotificationPayload, ProviderChannel } from '../ports/notification';
import { OUTBOX_PRIORITY, type OutboxMessage } from '../ports/outbox';
import type { IncidentDetails } from '../ports/store';
import { NOTICE } from '../outbox/notice-contracts';

/** The person as a provider needs them: name and contacts only. */
export function payloadPerson(p: Person): NotificationPayload['person'] {
  return { id: p.id, ...(p.name ? { name: p.name } : {}), ...(p.email ? { email: p.email } : {}), ...(p.phone ? { phone: p.phone } : {}), ...(p.ntfy ? { ntfy: p.ntfy } : {}) };
}

export function payloadIncident(i: IncidentDetails): NotificationPayload['incident'] {
  return { id: i.id, ref: incidentRef(i.number), number: i.number, title: i.title, severity: i.severity, service: i.serviceId };
}

/**
 * One personal notification as an outbox row: platform = channel, kind `notice.person_notification`. Its own
 * ordering key: a notification being retried (a provider outage) never holds back another one.
 * A page: claimed before anything else its channel's worker has queued.
 */
export function notificationMessage(payload: NotificationPayload): OutboxMessage {
  return { platform: payload.channel, priority: OUTBOX_PRIORITY.page, orderingKey: `${payload.channel}:notify:${payload.notificationId}`, kind: NOTICE.personNotification, payload: { ...payload }, dedupKey: `${payload.channel}:${payload.notificationId}` };
}

/** `<incidentId>:<personId>:<page ms>:<rule>` back into its parts; undefined for a test page or anything else. */
export function parseNotificationId(id: string): { readonly incidentId: number; readonly personId: string } | undefined {
  const m = /^(\d{1,15}):([^:]+):\d{1,15}:\d{1,4}$/.exec(id);
  return m ? { incidentId: Number(m[1]), personId: m[2]! } : undefined;
}

export type { ProviderChannel };
