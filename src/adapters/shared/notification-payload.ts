import * as z from 'zod';
import type { NotificationPayload, ProviderChannel } from '../../app/ports/notification';
import type { DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import { NOTICE } from '../../app/outbox/notice-contracts';

// The payload of a `notice.person_notification` outbox row (src/app/ports/notification.ts), read back at the
// edge by every provider adapter. Links that are not absolute http(s) URLs are dropped: they are
// put into mails, calls and buttons, where `javascript:` must never appear.

const httpUrl = z
  .string()
  .optional()
  .transform((v) => (v !== undefined && isHttpUrl(v) ? v : undefined));

const schema = z.object({
  channel: z.enum(['push', 'sms', 'voice', 'email']),
  notificationId: z.string().min(1),
  test: z.boolean().default(false),
  incident: z.looseObject({
    id: z.number(),
    ref: z.string(),
    number: z.number().int().nonnegative(),
    title: z.string(),
    severity: z.string(),
    service: z.string().nullable().default(null),
  }),
  person: z.looseObject({
    id: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    ntfy: z.string().optional(),
  }),
  ackUrl: httpUrl,
  incidentUrl: httpUrl,
});

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

export type NotificationRead = { readonly ok: true; readonly notification: NotificationPayload } | { readonly ok: false; readonly result: DeliveryResult };

/**
 * The notification a row carries, or the failed outcome to record: a row this deliverer cannot
 * read will not become readable by retrying it.
 */
export function readNotification(message: PendingMessage, channel: ProviderChannel): NotificationRead {
  const refuse = (why: string): NotificationRead => ({ ok: false, result: { kind: 'failed', error: `${channel} notification (outbox ${message.id}): ${why}` } });
  if (message.kind !== NOTICE.personNotification) return refuse(`kind ${message.kind} is not ${NOTICE.personNotification}`);
  const parsed = schema.safeParse(message.payload);
  if (!parsed.success) return refuse(`unreadable payload (${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')})`);
  if (parsed.data.channel !== channel) return refuse(`payload is for channel ${parsed.data.channel}`);
  return { ok: true, notification: parsed.data };
}
