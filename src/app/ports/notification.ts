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

export interface NotificationPayload {
  readonly channel: ProviderChannel;
  /**
   * Stable id of this notification (`<incidentId>:<personId>:<page>:<rule>` — page: when the person
   * was paged, in epoch ms; rule: from 1 — or `test:…`), for idempotency and callbacks
   * (`/twilio/status?n=<notificationId>`, `/twilio/voice?n=<notificationId>`).
   */
  readonly notificationId: string;
  readonly test: boolean;
  readonly incident: {
    readonly id: number;
    readonly ref: string;
    readonly number: number;
    readonly title: string;
    readonly severity: string;
    readonly service: string | null;
  };
  readonly person: {
    readonly id: string;
    readonly name?: string;
    readonly email?: string;
    /** E.164. */
    readonly phone?: string;
    /** ntfy topic. */
    readonly ntfy?: string;
  };
  /** The one-click acknowledge link (`<PUBLIC_URL>/ack/<token>`): email and push. */
  readonly ackUrl?: string;
  /** The incident's page or channel, when known: push's Click, the email's link. */
  readonly incidentUrl?: string;
}
