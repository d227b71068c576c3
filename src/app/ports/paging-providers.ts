import type { ProviderChannel } from './notification';
import type { Deliverer } from './outbox';

/**
 * The provider adapters main plugs in (src/adapters/email, src/adapters/twilio, src/adapters/ntfy):
 * one Deliverer per channel, each taking the `notice.person_notification` rows of its platform. A channel with
 * none is written to the log and counts as delivered (local mode, as chat without credentials).
 */
export type PagingDeliverers = Readonly<Partial<Record<ProviderChannel, Deliverer>>>;

export const PROVIDER_CHANNELS: readonly ProviderChannel[] = ['push', 'sms', 'voice', 'email'];
