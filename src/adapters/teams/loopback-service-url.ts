import { BlockList, isIP } from 'node:net';
import type { TeamsPoster } from './teams-poster';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether a Bot Framework `serviceUrl` points at this machine: 127.0.0.0/8, ::1 or localhost.
 * Anonymous mode (no app id) proves nothing about who sent an activity, so it answers only there
 * (the Bot Framework Emulator runs beside the bot): any other host would make Tocsin post
 * wherever a stranger asks.
 */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // The URL parser has already written IPv4 in dotted decimal (127.1 → 127.0.0.1) and put IPv6 in brackets.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** Refused before any call: the outbox records it as failed (403), not retried. */
class NotLoopbackError extends Error {
  readonly statusCode = 403;
}

/**
 * The poster of anonymous mode: a conversation reference stored before this rule (or by hand) that
 * names another host is never posted to.
 */
export function loopbackOnlyPoster(poster: TeamsPoster): TeamsPoster {
  const check = (serviceUrl: string): void => {
    if (!isLoopbackServiceUrl(serviceUrl)) throw new NotLoopbackError(`serviceUrl ${serviceUrl} is not a loopback address, and anonymous Teams mode posts only to loopback`);
  };
  return {
    openThread: async (at, channelId, activity) => {
      check(at.serviceUrl);
      return poster.openThread(at, channelId, activity);
    },
    send: async (at, activity) => {
      check(at.serviceUrl);
      return poster.send(at, activity);
    },
    update: async (at, activityId, activity) => {
      check(at.serviceUrl);
      return poster.update(at, activityId, activity);
    },
  };
}
