import { afterEach, describe, expect, it } from 'vitest';
import { cliHarness } from '../../support/cli-harness';
import { escalationPolicy } from '../../support/policies';

describe('tocsin login-link', () => {
  let h: ReturnType<typeof cliHarness>;
  afterEach(() => h.cleanup());

  it('prints a one-time link under PUBLIC_URL for a person, stored hashed; refuses an unknown person and a bad command line', async () => {
    h = cliHarness({ PUBLIC_URL: 'https://tocsin.example.com/' }, escalationPolicy());
    expect((await h.run('apply', h.policyFile)).code).toBe(0);
    const made = await h.run('login-link', 'alice');
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^https:\/\/tocsin\.example\.com\/login\/[A-Za-z0-9_-]{43}$/);
    expect(made.err).toBe('Sign-in link for alice: it works once, within 10 minutes.');
    expect(await h.run('login-link', 'mallory')).toMatchObject({ code: 1, err: expect.stringMatching(/^There is no person mallory/) });
    expect(await h.run('login-link')).toMatchObject({ code: 2, err: 'usage: tocsin login-link <person>' });
  });

  it('without PUBLIC_URL points at this machine and says so', async () => {
    h = cliHarness({ PORT: '4321' }, escalationPolicy());
    await h.run('apply', h.policyFile);
    const made = await h.run('login-link', 'bob');
    expect(made.out).toMatch(/^http:\/\/localhost:4321\/login\/[A-Za-z0-9_-]{43}$/);
    expect(made.err).toContain('PUBLIC_URL is not set');
  });
});
