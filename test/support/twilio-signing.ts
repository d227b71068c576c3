import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TwilioInbound } from '../../src/adapters/paging/twilio-inbound';
import type { SmsReply } from '../../src/app/paging/respond-by-phone';

/**
 * Twilio's documented request signature: HMAC-SHA1 with the auth token over the full URL followed
 * by every POST field name and value, sorted by name; base64. What a test sends as Twilio.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = url + Object.keys(params).sort().map((k) => `${k}${params[k]}`).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** A simple local stand-in for src/adapters/twilio's helpers, injected where main plugs the real ones. */
export const localTwilio: TwilioInbound = {
  validSignature(authToken, signature, url, params) {
    const expected = Buffer.from(twilioSignature(authToken, url, params));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  },
  parseSmsReply(body): SmsReply | undefined {
    const text = body.trim().toLowerCase();
    const short = /^(\d+)\s*([ar])$/.exec(text);
    if (short) return { incident: Number(short[1]), verb: short[2] === 'a' ? 'acknowledge' : 'resolve' };
    const long = /^(ack|acknowledge|resolve)\s+(?:inc-)?(\d+)$/.exec(text);
    return long ? { incident: Number(long[2]), verb: long[1] === 'resolve' ? 'resolve' : 'acknowledge' } : undefined;
  },
};
