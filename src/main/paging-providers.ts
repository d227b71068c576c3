import { ntfyDeliverer } from '../adapters/ntfy/ntfy-deliverer';
import type { TwilioInbound } from '../adapters/paging/twilio-inbound';
import type { Logger } from '../adapters/shared/logger';
import { parseSmsReply } from '../adapters/twilio/sms-reply';
import { twilioDeliverers } from '../adapters/twilio/twilio-deliverer';
import { validTwilioSignature } from '../adapters/twilio/twilio-signature';
import type { Clock } from '../app/ports/clock';
import type { PagingDeliverers } from '../app/ports/paging-providers';
import type { Env } from '../config/env';

/**
 * The one place the provider adapters are plugged in: a Deliverer per configured channel (email
 * with SMTP_URL and SMTP_FROM; sms and voice with TWILIO_*; push always, NTFY_URL defaulting to
 * ntfy.sh), and Twilio's signature check and SMS reply reader for the /twilio/* callbacks. A
 * channel with no provider configured is written to the log (local mode). The SMTP client
 * (nodemailer) is loaded only when email is configured.
 */
export interface PagingProviders {
  readonly deliverers: PagingDeliverers;
  readonly twilio?: TwilioInbound;
}

/** Twilio's helpers in the shape the inbound endpoints take. */
export const twilioInbound: TwilioInbound = {
  validSignature: (authToken, signature, url, params) => validTwilioSignature(url, params, signature, authToken),
  parseSmsReply: (body) => {
    const reply = parseSmsReply(body);
    return reply && { verb: reply.verb === 'ack' ? 'acknowledge' : 'resolve', incident: reply.incident };
  },
};

export async function pagingProviders(env: Env, log: Logger, clock?: Clock): Promise<PagingProviders> {
  const common = { log, ...(clock ? { clock } : {}) };
  const email = env.SMTP_URL && env.SMTP_FROM ? { email: (await import('../adapters/email/email-deliverer')).emailDeliverer({ smtpUrl: env.SMTP_URL, from: env.SMTP_FROM, log }) } : {};
  const twilio =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? twilioDeliverers({ accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, from: env.TWILIO_FROM, ...(env.TWILIO_API_URL ? { apiUrl: env.TWILIO_API_URL } : {}), ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}), ...common })
      : undefined;
  const push = ntfyDeliverer({ url: env.NTFY_URL, ...(env.NTFY_TOKEN ? { token: env.NTFY_TOKEN } : {}), ...common });
  return { deliverers: { ...email, ...(twilio ? { sms: twilio.sms, voice: twilio.voice } : {}), push }, twilio: twilioInbound };
}
