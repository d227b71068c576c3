import type { TwilioInbound } from '../adapters/paging/twilio-inbound';
import type { Logger } from '../adapters/shared/logger';
import type { PagingDeliverers } from '../app/ports/paging-providers';
import type { Env } from '../config/env';

/**
 * The one place the provider adapters are plugged in (src/adapters/email, twilio, ntfy): a
 * Deliverer per configured channel, and Twilio's signature check and SMS reply reader for the
 * /twilio/* callbacks. Until a provider is plugged in here its channel is written to the log
 * (local mode) and, without Twilio's helpers, /twilio/* is not served.
 */
export interface PagingProviders {
  readonly deliverers: PagingDeliverers;
  readonly twilio?: TwilioInbound;
}

export function pagingProviders(_env: Env, _log: Logger): PagingProviders {
  return { deliverers: {} };
}
