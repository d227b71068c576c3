import { createHmac, timingSafeEqual } from 'node:crypto';

/** POST parameters as received: a name sent twice carries every value. */
export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * `X-Twilio-Signature` for a request (Twilio's "Validating requests"): HMAC-SHA1, keyed with the
 * auth token, over the full URL (query string included) followed by each POST parameter's name
 * and value, parameters sorted by name; a repeated name contributes each distinct value in sorted
 * order (as Twilio's own helper libraries do). Base64.
 */
export function twilioSignature(url: string, params: TwilioParams, authToken: string): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name]!;
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const v of values) data += name + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * Whether `header` signs this request. `url` is the address Twilio was given (PUBLIC_URL + path +
 * query), never the Host header a client chose. Twilio has signed URLs with and without their
 * port over the years, so, like Twilio's own libraries, the URL is also tried without its port and
 * with the scheme's default one. Compared in constant time.
 */
export function validTwilioSignature(url: string, params: TwilioParams, header: string | undefined, authToken: string): boolean {
  if (!header || !authToken) return false;
  const given = Buffer.from(header, 'utf8');
  let valid = false;
  for (const candidate of new Set([url, withoutPort(url), withDefaultPort(url)])) {
    const expected = Buffer.from(twilioSignature(candidate, params, authToken), 'utf8');
    // Length is fixed by SHA-1 (28 base64 characters), so checking it first reveals nothing.
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

interface UrlParts {
  readonly scheme: string;
  readonly userInfo: string;
  readonly host: string;
  readonly port: string;
  readonly rest: string;
}

/** The URL cut into parts without normalising anything: the signed string is compared byte for byte. */
function splitUrl(url: string): UrlParts | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!match) return undefined;
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  const colon = hostPort.indexOf(':', hostPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, at + 1),
    host: colon === -1 ? hostPort : hostPort.slice(0, colon),
    port: colon === -1 ? '' : hostPort.slice(colon),
    rest,
  };
}

function withoutPort(url: string): string {
  const p = splitUrl(url);
  return p ? p.scheme + p.userInfo + p.host + p.rest : url;
}

function withDefaultPort(url: string): string {
  const p = splitUrl(url);
  if (!p || p.port) return url;
  return p.scheme + p.userInfo + p.host + (p.scheme.toLowerCase() === 'https://' ? ':443' : ':80') + p.rest;
}
