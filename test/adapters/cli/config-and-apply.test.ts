import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliHarness } from '../../support/cli-harness';
import { policyFixture } from '../../support/policy-fixture';

let h: ReturnType<typeof cliHarness>;
afterEach(() => h?.cleanup());

describe('tocsin config check', () => {
  it('names all five mistakes with their paths and exits non-zero', async () => {
    h = cliHarness();
    const r = await h.run('config', 'check', 'test/fixtures/policy/five-mistakes.yml');
    expect(r.code).toBe(1);
    const errors = r.out.split('\n').filter((l) => l.startsWith('error'));
    expect(errors).toHaveLength(5);
    expect(r.out).toMatch(/rotations\[1\]\.handoff\.time: .*HH:MM/);
    expect(r.out).toMatch(/rotations\[1\]\.members\[1\].*dave/);
    expect(r.out).toMatch(/escalation_policys/);
    expect(r.out).toMatch(/routes\[0\]\.match\[1\]/);
    expect(r.out).toMatch(/routes\[1\]\.service.*billing/);
  });

  it('passes tocsin.example.yml and the shared policy example', async () => {
    h = cliHarness();
    expect((await h.run('config', 'check', 'tocsin.example.yml')).code).toBe(0);
    expect((await h.run('config', 'check', 'test/fixtures/policy/policy-example.yml')).code).toBe(0);
  });

  it('passes the paging example (policy-examples/paging.yml), warning that no SMS, voice or email provider is configured', async () => {
    h = cliHarness();
    const r = await h.run('config', 'check', 'test/fixtures/policy/paging-example.yml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/warning people\[0\]\.notify\[2\]\.via: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM are not set/);
  });

  it('warns about an integration whose token variable is unset', async () => {
    h = cliHarness();
    const r = await h.run('config', 'check', 'tocsin.example.yml');
    expect(r.out).toMatch(/warning integrations\[0\]\.token_env: .*TOCSIN_PROMETHEUS_TOKEN/);
  });
});

describe('tocsin apply', () => {
  it('writes the policy once: a second apply changes nothing', async () => {
    h = cliHarness();
    const first = await h.run('apply', 'tocsin.example.yml');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/add\s+rotation web-oncall/);
    const second = await h.run('apply', 'tocsin.example.yml');
    expect(second.out).toBe('Nothing changed: the database already matches the policy file.');
  });

  it('retires what the file no longer has, keeps history, and says whose shifts would move', async () => {
    h = cliHarness();
    const policy = (members: string[], extraRotation: boolean) => {
      const p = policyFixture('Europe/Berlin').person('alice').person('bob').person('carol').rotation('primary', members);
      return (extraRotation ? p.rotation('spare', ['carol'], { period: 'daily', handoff: { time: '08:00' } }) : p).yaml();
    };
    const file = join(h.dir, 'tocsin.yml');
    writeFileSync(file, policy(['alice', 'bob'], true));
    expect((await h.run('apply', file)).code).toBe(0);
    writeFileSync(file, policy(['alice', 'bob', 'carol'], false));
    const dry = await h.run('apply', file, '--dry-run');
    expect(dry.out).toMatch(/would retire\s+rotation spare/);
    expect(dry.out).toMatch(/would change\s+rotation primary/);
    expect(dry.out).toMatch(/would move shifts in the next 4 weeks of primary for: .*carol/);
    // The dry run wrote nothing.
    expect((await h.run('oncall', 'spare', '--json')).code).toBe(0);
    await h.run('apply', file);
    const gone = await h.run('oncall', 'spare');
    expect(gone.code).toBe(1);
  });

  it('refuses a file with errors and applies nothing', async () => {
    h = cliHarness();
    const r = await h.run('apply', 'test/fixtures/policy/five-mistakes.yml');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not applied/);
    expect((await h.run('oncall', '--json')).out).toBe('[]');
  });
});

describe('tocsin oncall', () => {
  it('prints who is on call, since and until when, and who is next, as JSON with the SPEC fields', async () => {
    h = cliHarness();
    await h.run('apply', 'test/fixtures/policy/policy-example.yml');
    const r = await h.run('oncall', 'platform-primary', '--at', '2026-03-30T08:30:00Z', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // Weekly Monday 09:00 Berlin from 2026-01-05: alice, bob, carol, … ; 2026-03-30 09:00 CEST = 07:00Z is
    // the 12th handoff (k=12 → alice), so at 08:30Z alice has just taken over.
    expect(j).toMatchObject({ rotation: 'platform-primary', at: '2026-03-30T08:30:00.000Z', current: { person: 'alice', start: '2026-03-30T07:00:00.000Z', end: '2026-04-06T07:00:00.000Z' }, next: { person: 'bob' } });
    const text = await h.run('oncall', 'platform-primary', '--at', '2026-03-30T08:30:00Z');
    expect(text.out).toMatch(/alice since Mon 2026-03-30 09:00 .*\(07:00 UTC\)/);
  });

  it('honours an override from the policy file inside its span only', async () => {
    const policy = policyFixture('Europe/Berlin')
      .person('alice', { email: 'a@example.com' })
      .person('bob', { email: 'b@example.com' })
      .rotation('primary', ['alice', 'bob'])
      .override({ rotation: 'primary', person: 'bob', start: '2026-01-06T12:00:00+01:00', end: '2026-01-07T12:00:00+01:00' });
    h = cliHarness({}, policy);
    await h.run('apply', h.policyFile);
    const at = async (t: string) => JSON.parse((await h.run('oncall', 'primary', '--at', t, '--json')).out);
    expect((await at('2026-01-06T10:00:00Z')).current).toMatchObject({ person: 'alice', start: '2026-01-05T08:00:00.000Z', end: '2026-01-06T11:00:00.000Z' });
    expect((await at('2026-01-06T12:00:00Z')).current).toMatchObject({ person: 'bob', start: '2026-01-06T11:00:00.000Z', end: '2026-01-07T11:00:00.000Z' });
    expect((await at('2026-01-07T12:00:00Z')).current).toMatchObject({ person: 'alice', start: '2026-01-07T11:00:00.000Z', end: '2026-01-12T08:00:00.000Z' });
  });
});

describe('environment', () => {
  it('names every bad value in one message and exits 1', async () => {
    h = cliHarness({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    const r = await h.run('incident', 'list');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PORT/);
    expect(r.err).toMatch(/DATABASE_URL/);
    expect(r.err).toMatch(/LOG_LEVEL/);
  });
});
