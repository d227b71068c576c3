import { isIPv6 } from 'node:net';
import type { ServerResponse } from 'node:http';
import { LruMap } from '../../domain/lru-map';
import { sendJson } from '../shared/send-json';
import type { Handler } from './router';

export interface AuthFailureOptions {
  /** Failed authentications per client within `windowMs` before it is refused; 0 turns it off. */
  readonly limit: number;
  readonly windowMs?: number;
  /** Clients remembered at once; the least recently failed is forgotten first. */
  readonly maxClients?: number;
  readonly nowMs: () => number;
}

export interface AuthFailures {
  /** Seconds the client must wait before it is heard again, or undefined to hear it now. */
  wait(client: string): number | undefined;
  /** Counts a failure; true when it is the one that reached the limit. */
  failed(client: string): boolean;
}

/**
 * Failed authentications counted per client in fixed windows (one minute by default). Memory is
 * bounded: at most `maxClients` entries, the least recently failing dropped first, so a stranger
 * with many addresses costs a bounded map, not a growing one. Successes are not counted and do not
 * clear the count: a sender sharing the address cannot vouch for the one guessing.
 */
export function authFailures(options: AuthFailureOptions): AuthFailures {
  const windowMs = options.windowMs ?? 60_000;
  const maxClients = options.maxClients ?? 10_000;
  const clients = new LruMap<string, { startMs: number; count: number }>(maxClients);
  const current = (client: string, now: number) => {
    // A look does not keep an address remembered; failing again does (set, below).
    const entry = clients.peek(client);
    // A clock stepping backwards starts a new window rather than stretching the old one.
    if (entry && (now - entry.startMs >= windowMs || now < entry.startMs)) clients.delete(client);
    return clients.peek(client);
  };
  return {
    wait(client) {
      if (options.limit <= 0) return undefined;
      const now = options.nowMs();
      const entry = current(client, now);
      if (!entry || entry.count < options.limit) return undefined;
      return Math.max(1, Math.ceil((entry.startMs + windowMs - now) / 1000));
    },
    failed(client) {
      if (options.limit <= 0) return false;
      const now = options.nowMs();
      const entry = current(client, now) ?? { startMs: now, count: 0 };
      entry.count++;
      clients.set(client, entry);
      return entry.count === options.limit;
    },
  };
}

/**
 * Whom failures are counted against: the IPv4 address (also when it comes IPv4-mapped), or the
 * /64 of an IPv6 address, which is what one subscriber usually gets: counting single IPv6
 * addresses would let one network guess from 2^64 of them.
 */
export function clientKey(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? 'unknown').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const width = (parts: string[]) => parts.reduce((n, p) => n + (p.includes('.') ? 2 : 1), 0);
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - width(front) - width(back)).fill('0'), ...back];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/**
 * The address a request is from. Through a reverse proxy named in `trustedProxies` (its exact
 * address), the client is the right-most X-Forwarded-For entry that is not itself a trusted proxy:
 * entries further left were written by the client and may be forged.
 */
export function clientAddress(req: { readonly socket: { readonly remoteAddress?: string | undefined }; readonly headers: Readonly<Record<string, string | string[] | undefined>> }, trustedProxies: ReadonlySet<string>): string | undefined {
  const peer = req.socket.remoteAddress;
  if (peer === undefined || trustedProxies.size === 0 || !trustedProxies.has(clientKey(peer))) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.has(clientKey(hops[i]))) return hops[i];
  return peer;
}

export interface AuthFailureGuard {
  readonly failures: AuthFailures;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
  readonly trustedProxies?: ReadonlySet<string>;
  /** Which answers count as a failed authentication (default 401 and 403). */
  readonly isFailure?: (status: number) => boolean;
  /** Said once each time a client reaches the limit. */
  readonly onLimited?: (client: string) => void;
}

const failedAuth = (status: number) => status === 401 || status === 403;
const NO_PROXIES: ReadonlySet<string> = new Set();

/**
 * Wraps a token-checked endpoint: a client over its limit of failed authentications is answered
 * 429 with Retry-After, before its credential is looked at or a byte of its body is read; every
 * 401 (or what `isFailure` says) the endpoint answers counts against the client.
 */
export function limitAuthFailures(handler: Handler, guard: AuthFailureGuard): Handler {
  const isFailure = guard.isFailure ?? failedAuth;
  return (req, res, url) => {
    const client = clientKey(clientAddress(req, guard.trustedProxies ?? NO_PROXIES));
    const wait = guard.failures.wait(client);
    if (wait !== undefined) return refuse(res, wait);
    res.once('close', () => {
      if (res.headersSent && isFailure(res.statusCode) && guard.failures.failed(client)) guard.onLimited?.(client);
    });
    return handler(req, res, url);
  };
}

function refuse(res: ServerResponse, seconds: number): void {
  const body = { error: 'rate_limited', message: `too many failed authentications from this address; retry in ${seconds} s` };
  sendJson(res, 429, body, { closeConnection: true, headers: { 'Retry-After': String(seconds) } });
}
