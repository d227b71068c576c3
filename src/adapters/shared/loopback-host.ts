import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether a host name is this machine by its spelling alone: `localhost` (and `*.localhost`, which
 * RFC 6761 reserves for loopback), 127.0.0.0/8, ::1 (with or without brackets) and IPv4-mapped
 * ::ffff:127.x. Nothing is resolved: a name that DNS maps to 127.0.0.1 today may not tomorrow.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name)?.[1];
  const address = mapped ?? name;
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
