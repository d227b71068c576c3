import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SmsReply } from '../../app/paging/respond-by-phone';
import { publicUrlOf } from '../../app/public-urls';
import { readForm } from '../shared/form-body';

/**
 * Twilio's pure helpers, plugged in by main from src/adapters/twilio: the request signature check
 * (HMAC-SHA1 with the auth token over the full URL and the sorted POST fields, base64 — Twilio's
 * documented scheme) and the SMS reply reader.
 */
export interface TwilioInbound {
  validSignature(authToken: string, signature: string, url: string, params: Readonly<Record<string, string>>): boolean;
  parseSmsReply(body: string): SmsReply | undefined;
}

export interface TwilioEndpointDeps {
  readonly twilio: TwilioInbound;
  /** TWILIO_AUTH_TOKEN; without it nothing can be checked, so every request is refused. */
  readonly authToken?: string;
  /** PUBLIC_URL: the URL Twilio signed is this base + the path and query it called. */
  readonly publicUrl?: string;
}

/** The URL as Twilio called it (and signed it): PUBLIC_URL + path + query. */
export const signedUrl = (publicUrl: string, url: URL): string => publicUrlOf(publicUrl, `${url.pathname}${url.search}`);

/**
 * Reads a Twilio callback and checks its X-Twilio-Signature: the fields when it is Twilio's, else
 * undefined after answering 403 (nothing read is acted on) or 413.
 */
export async function signedForm(deps: TwilioEndpointDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<Record<string, string> | undefined> {
  const fields = await readForm(req);
  if (!fields) {
    res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('too large');
    return undefined;
  }
  const signature = req.headers['x-twilio-signature'];
  const ok = typeof signature === 'string' && deps.authToken && deps.publicUrl && deps.twilio.validSignature(deps.authToken, signature, signedUrl(deps.publicUrl, url), fields);
  if (ok) return fields;
  res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden: X-Twilio-Signature does not match');
  return undefined;
}
