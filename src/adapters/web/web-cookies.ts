import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookies a request carries, by name (the first of a repeated name wins, as browsers send the most specific first). */
export function cookiesOf(req: IncomingMessage): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!out.has(name)) out.set(name, part.slice(at + 1).trim());
  }
  return out;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
  /** Sent over https only: set when PUBLIC_URL is https. */
  readonly secure: boolean;
}

/** A `Set-Cookie` value: always HttpOnly, SameSite=Lax and the whole site. Values are base64url and dots only. */
export function setCookie(name: string, value: string, o: CookieOptions): string {
  return `${name}=${value}; Path=/; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}

/**
 * Signs and checks values with keys derived from SESSION_SECRET, one per purpose, so a value
 * signed for one cookie is worthless in another and a CSRF token is not a session.
 */
export class Signer {
  constructor(private readonly secret: string) {}

  mac(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\0${value}`).digest('base64url');
  }

  /** `value.mac` */
  sign(purpose: string, value: string): string {
    return `${value}.${this.mac(purpose, value)}`;
  }

  /** The value of `value.mac` when its mac holds, else undefined; compared in constant time. */
  verify(purpose: string, signed: string | undefined): string | undefined {
    if (!signed) return undefined;
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const value = signed.slice(0, dot);
    return this.matches(purpose, value, signed.slice(dot + 1)) ? value : undefined;
  }

  /** Whether `mac` is this signer's mac of `value` for `purpose`, in constant time. */
  matches(purpose: string, value: string, mac: string): boolean {
    const expected = Buffer.from(this.mac(purpose, value));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
