import type { Deliverer, DeliveryResult, PendingMessage } from '../../src/app/ports/outbox';
import type { ProviderChannel } from '../../src/app/ports/notification';
import type { PagingDeliverers } from '../../src/app/ports/paging-providers';

/**
 * Stand-ins for the provider adapters: each records what it was handed and answers what the test
 * scripted (delivered by default), so a test sees every notification a provider would have sent.
 */
export function fakePagingDeliverers() {
  const sent: { channel: ProviderChannel; row: PendingMessage }[] = [];
  const scripted = new Map<ProviderChannel, DeliveryResult[]>();
  const deliverer = (channel: ProviderChannel): Deliverer => ({
    platform: channel,
    async deliver(row) {
      sent.push({ channel, row });
      return scripted.get(channel)?.shift() ?? { kind: 'delivered', result: { sid: `${channel}-${sent.length}` } };
    },
  });
  const deliverers: PagingDeliverers = { push: deliverer('push'), sms: deliverer('sms'), voice: deliverer('voice'), email: deliverer('email') };
  return {
    deliverers,
    sent,
    /** The next answers of one channel's provider, in order. */
    script(channel: ProviderChannel, ...results: DeliveryResult[]) {
      scripted.set(channel, [...(scripted.get(channel) ?? []), ...results]);
    },
  };
}
