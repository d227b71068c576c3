import type { DeliveryLog } from '../../app/ports/delivery-log';
import { systemClock, type Clock } from '../../app/ports/clock';
import type { NotificationPayload } from '../../app/ports/notification';
import type { Deliverer, DeliveryResult, PendingMessage } from '../../app/ports/outbox';
import type { AbortAfter } from '../shared/http-post';
import { readNotification } from '../shared/notification-payload';
import { deliveryLabel } from '../shared/notification-text';
import { twilioApi, type TwilioApi } from './twilio-api';
import { callMenu, smsBody, statusCallbackUrl } from './twilio-text';
import { callTwiml } from './twiml';

export interface TwilioDeliverersOptions {
  /** `TWILIO_ACCOUNT_SID`. */
  readonly accountSid: string;
  /** `TWILIO_AUTH_TOKEN`: also what signs Twilio's callbacks (twilio-signature.ts). */
  readonly authToken: string;
  /** `TWILIO_FROM`: the number (E.164) messages and calls come from. */
  readonly from: string;
  /** `TWILIO_API_URL`, default https://api.twilio.com. */
  readonly apiUrl?: string;
  /** `PUBLIC_URL`: where Twilio reaches Tocsin (status callbacks; a call's key presses need it). */
  readonly publicUrl?: string;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  readonly log?: DeliveryLog;
  readonly abortAfter?: AbortAfter;
}

export interface TwilioDeliverers {
  readonly sms: Deliverer;
  readonly voice: Deliverer;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Platforms `sms` and `voice` through Twilio. Twilio's create calls take no idempotency key, so a
 * request whose answer was lost (a timeout) is sent again on retry: a person may get a page twice,
 * never none.
 */
export function twilioDeliverers(options: TwilioDeliverersOptions): TwilioDeliverers {
  const api = twilioApi({
    accountSid: options.accountSid,
    authToken: options.authToken,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    clock: options.clock ?? systemClock,
    ...(options.abortAfter ? { abortAfter: options.abortAfter } : {}),
  });
  const { publicUrl } = options;
  const statusCallback = (n: NotificationPayload): Record<string, string> => (publicUrl ? { StatusCallback: statusCallbackUrl(publicUrl, n.notificationId) } : {});

  const sms = channelDeliverer('sms', api, (n, to) => ({ To: to, From: options.from, Body: smsBody(n), ...statusCallback(n) }));
  const voice = channelDeliverer('voice', api, (n, to) => {
    // Without a public address the key pressed has nowhere to go: the call could not be acknowledged.
    if (!publicUrl) return 'PUBLIC_URL is not set, so a call could not take a key press';
    return { To: to, From: options.from, Twiml: callTwiml(callMenu(n, publicUrl)), ...statusCallback(n) };
  });
  options.log?.info({ twilioApi: options.apiUrl ?? 'default', statusCallbacks: Boolean(publicUrl) }, 'sms and voice paging through Twilio');
  return { sms, voice };
}

/** The form to POST for a notification, or why there is none. */
type FormFor = (n: NotificationPayload, to: string) => Record<string, string> | string;

function channelDeliverer(channel: 'sms' | 'voice', api: TwilioApi, formFor: FormFor): Deliverer {
  return {
    platform: channel,
    async deliver(message: PendingMessage): Promise<DeliveryResult> {
      const read = readNotification(message, channel);
      if (!read.ok) return read.result;
      const n = read.notification;
      const what = deliveryLabel(n);
      const to = n.person.phone?.replace(/[\s()-]/g, '');
      if (!to) return { kind: 'failed', error: `${what}: the person has no phone number` };
      if (!E164.test(to)) return { kind: 'failed', error: `${what}: the phone number is not in E.164 form (+<country><number>)` };
      const form = formFor(n, to);
      if (typeof form === 'string') return { kind: 'failed', error: `${what}: ${form}` };
      return api.create(channel === 'sms' ? 'Messages' : 'Calls', form, `${what} via Twilio`);
    },
  };
}
