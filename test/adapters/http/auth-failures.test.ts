import { describe, expect, it } from 'vitest';
import { authFailures, clientAddress, clientKey } from '../../../src/adapters/http/auth-failures';
import { loadEnv } from '../../../src/main/context';

function counter(limit: number, maxClients?: number) {
  let now = 1_000_000;
  const failures = authFailures({ limit, nowMs: () => now, ...(maxClients ? { maxClients } : {}) });
  return { failures, advance: (ms: number) => (now += ms) };
}

describe('authFailures', () => {
  it('lets a client fail up to the limit, then says how long to wait until its minute is over', () => {
    const { failures, advance } = counter(3);
    expect([failures.failed('a'), failures.failed('a')]).toEqual([false, false]);
    expect(failures.wait('a')).toBeUndefined();
    advance(20_000);
    expect(failures.failed('a')).toBe(true);
    expect(failures.wait('a')).toBe(40);
    advance(39_500);
    expect(failures.wait('a')).toBe(1);
    advance(500);
    expect(failures.wait('a')).toBeUndefined();
    expect(failures.failed('a')).toBe(false);
  });

  it('counts each client on its own', () => {
    const { failures } = counter(2);
    failures.failed('a');
    failures.failed('a');
    expect(failures.wait('a')).toBe(60);
    expect(failures.wait('b')).toBeUndefined();
  });

  it('remembers a bounded number of clients, forgetting the least recently failing first', () => {
    const { failures } = counter(2, 3);
    for (const c of ['a', 'a', 'b', 'b', 'c', 'c']) failures.failed(c);
    failures.failed('a');
    failures.failed('d');
    expect(['a', 'b', 'c', 'd'].map((c) => failures.wait(c))).toEqual([60, undefined, 60, undefined]);
  });

  it('starts a new window when the clock steps backwards, rather than stretching the old one', () => {
    const { failures, advance } = counter(1);
    failures.failed('a');
    advance(-5_000);
    expect(failures.wait('a')).toBeUndefined();
  });

  it('is off at 0', () => {
    const { failures } = counter(0);
    for (let i = 0; i < 100; i++) failures.failed('a');
    expect(failures.wait('a')).toBeUndefined();
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b:1::1:192.0.2.1', '64:ff9b:1:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});

describe('clientAddress behind TRUSTED_PROXIES', () => {
  const req = (peer: string, xff?: string) => ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });
  const proxies = new Set(['10.0.0.5', '10.0.0.6']);

  it('counts a sender behind a trusted proxy by its own address, not the proxy\'s', () => {
    expect(clientAddress(req('10.0.0.5', '203.0.113.7'), proxies)).toBe('203.0.113.7');
    expect(clientAddress(req('::ffff:10.0.0.5', '203.0.113.7'), proxies)).toBe('203.0.113.7');
    // Two proxies in a row: the right-most address that is not a trusted proxy.
    expect(clientAddress(req('10.0.0.5', '203.0.113.7, 10.0.0.6'), proxies)).toBe('203.0.113.7');
  });

  it('never believes X-Forwarded-For from anyone else, nor the entries a client wrote itself', () => {
    expect(clientAddress(req('198.51.100.9', '203.0.113.7'), proxies)).toBe('198.51.100.9');
    expect(clientAddress(req('10.0.0.5', '1.2.3.4, 203.0.113.7'), proxies)).toBe('203.0.113.7');
    expect(clientAddress(req('10.0.0.5'), proxies)).toBe('10.0.0.5');
    expect(clientAddress(req('10.0.0.5', '203.0.113.7'), new Set())).toBe('10.0.0.5');
  });

  it('is read from the environment as a list of addresses, and a wrong one is named', () => {
    expect(loadEnv({ TRUSTED_PROXIES: '10.0.0.5, ::1' }).TRUSTED_PROXIES).toEqual(['10.0.0.5', '::1']);
    expect(loadEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(() => loadEnv({ TRUSTED_PROXIES: 'proxy.example' })).toThrow(/TRUSTED_PROXIES/);
  });
});
