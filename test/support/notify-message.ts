import type { NotificationPayload, ProviderChannel } from '../../src/app/ports/notification';
import type { PendingMessage } from '../../src/app/ports/outbox';
import { NOTICE } from '../../src/app/outbox/notice-contracts';

type PayloadOverrides = Partial<Omit<NotificationPayload, 'incident' | 'person'>> & {
  readonly incident?: Partial<NotificationPayload['incident']>;
  readonly person?: Partial<NotificationPayload['person']>;
};

/** A `notice.person_notification` outbox row as the paging core writes it: INC-12, sev2, Alice, every address set. */
export function notifyMessage(channel: ProviderChannel, overrides: PayloadOverrides = {}): PendingMessage {
  const payload: NotificationPayload = {
    notificationId: '12:alice:0:1',
    test: false,
    ackUrl: 'https://tocsin.example.com/ack/tok_abc123',
    incidentUrl: 'https://tocsin.example.com/incidents/INC-12',
    ...overrides,
    channel,
    incident: { id: 40, ref: 'INC-12', number: 12, title: 'Checkout latency above 2s', severity: 'sev2', service: 'checkout', ...overrides.incident },
    person: { id: 'alice', name: 'Alice Ng', email: 'alice@example.com', phone: '+14155550100', ntfy: 'tocsin-alice-x7k2', ...overrides.person },
  };
  return {
    id: 7,
    attempts: 0,
    createdAt: '2026-01-05T08:00:00.000Z',
    platform: channel,
    priority: 10,
    orderingKey: `notify:${payload.notificationId}`,
    kind: NOTICE.personNotification,
    payload: payload as unknown as Record<string, unknown>,
  };
}
