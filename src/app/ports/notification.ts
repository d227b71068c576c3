import type { PersonNotificationNotice } from '../outbox/notice-contracts';

/**
 * Paging a person beyond chat (SPEC "Paging a person"): one personal notification, as the outbox
 * carries it to a provider's deliverer. The outbox row's `platform` is the channel (`email`, `sms`,
 * `voice`, `push`); its `kind` is `NOTICE.personNotification`; its payload is a NotificationPayload. Written
 * in the transaction that fires the person's rule, delivered with retries (Retry-After honoured),
 * its outcome recorded on the incident's timeline.
 */
export type NotifyChannel = 'chat' | 'push' | 'sms' | 'voice' | 'email';

/** The channels a provider adapter delivers (chat goes through the Slack/Teams outbox as before). */
export type ProviderChannel = Exclude<NotifyChannel, 'chat'>;

/** What the row carries: declared once, as its schema, in src/app/outbox/notice-contracts.ts. */
export type NotificationPayload = PersonNotificationNotice;
