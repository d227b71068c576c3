import type { ProviderChannel } from '../../app/ports/notification';
import type { DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import { NOTICE, readNotice, type PersonNotificationNotice } from '../../app/outbox/notice-contracts';

// The payload of a `notice.person_notification` outbox row, read back at the edge by every
// provider adapter through the one schema of src/app/outbox/notice-contracts.ts (which drops links
// that are not absolute http(s) URLs: they go into mails, calls and buttons).

export type NotificationRead = { readonly ok: true; readonly notification: PersonNotificationNotice } | { readonly ok: false; readonly result: DeliveryResult };

/**
 * The notification a row carries, or the failed outcome to record: a row this deliverer cannot
 * read will not become readable by retrying it.
 */
export function readNotification(message: PendingMessage, channel: ProviderChannel): NotificationRead {
  const refuse = (why: string): NotificationRead => ({ ok: false, result: { kind: 'failed', error: `${channel} notification (outbox ${message.id}): ${why}` } });
  if (message.kind !== NOTICE.personNotification) return refuse(`kind ${message.kind} is not ${NOTICE.personNotification}`);
  const read = readNotice(message);
  if (!read.ok) return { ok: false, result: { kind: 'failed', error: `${channel} notification: ${read.error}` } };
  if (read.notice.kind !== NOTICE.personNotification) return refuse(`kind ${message.kind} is not ${NOTICE.personNotification}`);
  if (read.notice.payload.channel !== channel) return refuse(`payload is for channel ${read.notice.payload.channel}`);
  return { ok: true, notification: read.notice.payload };
}
