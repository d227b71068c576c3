import { describe, expect, it } from 'vitest';
import { connectorFailure } from '../../../src/adapters/teams/delivery-errors';
import { isLoopbackServiceUrl, loopbackOnlyPoster } from '../../../src/adapters/teams/loopback-service-url';
import type { TeamsPoster } from '../../../src/adapters/teams/teams-poster';

describe('isLoopbackServiceUrl', () => {
  it.each(['http://127.0.0.1:3978/', 'https://127.10.20.30/amer/', 'http://127.1:8080/', 'http://localhost:53000/', 'http://[::1]:3978/', 'HTTP://LOCALHOST/'])('takes %s', (url) => {
    expect(isLoopbackServiceUrl(url)).toBe(true);
  });

  it.each([
    'https://smba.trafficmanager.net/amer/',
    'http://10.0.0.5/',
    'http://169.254.169.254/latest/meta-data/',
    'http://128.0.0.1/',
    'http://localhost.attacker.example/',
    'http://127.0.0.1.nip.io/',
    'http://[::2]/',
    'http://[::ffff:10.0.0.1]/',
    'file:///etc/passwd',
    'not a url',
    '',
    undefined,
    42,
  ])('refuses %s', (url) => {
    expect(isLoopbackServiceUrl(url)).toBe(false);
  });
});

describe('loopbackOnlyPoster', () => {
  const calls: string[] = [];
  const inner: TeamsPoster = {
    openThread: async (at) => (calls.push(`open ${at.serviceUrl}`), { conversationId: '19:c;messageid=1', activityId: '1' }),
    send: async (at) => (calls.push(`send ${at.serviceUrl}`), 'a1'),
    update: async (at) => void calls.push(`update ${at.serviceUrl}`),
  };
  const poster = loopbackOnlyPoster(inner);

  it('posts to loopback serviceUrls', async () => {
    const at = { serviceUrl: 'http://127.0.0.1:3978/', conversationId: '19:c' };
    await poster.openThread(at, '19:c', {});
    await poster.send(at, {});
    await poster.update(at, '1', {});
    expect(calls.splice(0)).toEqual(['open http://127.0.0.1:3978/', 'send http://127.0.0.1:3978/', 'update http://127.0.0.1:3978/']);
  });

  it('refuses any other host before a call, as a delivery that will never work (403: failed, not retried)', async () => {
    const at = { serviceUrl: 'https://attacker.example/', conversationId: '19:c' };
    const errors = await Promise.all([poster.openThread(at, '19:c', {}), poster.send(at, {}), poster.update(at, '1', {})].map((p) => p.then(() => undefined, (e: unknown) => e)));
    expect(calls).toEqual([]);
    for (const error of errors) expect(connectorFailure(error, 'posting')).toEqual({ kind: 'failed', error: expect.stringMatching(/^posting: 403 serviceUrl https:\/\/attacker\.example\/ is not a loopback address/) });
  });
});
