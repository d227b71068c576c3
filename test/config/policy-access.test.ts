import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessRules } from '../../src/app/policy/policy-records';
import { checkPolicyText } from '../../src/config/policy-check';

// A copy of shared/policy-examples/access.yml: the policy example with the `access:` keys.
const accessExample = readFileSync(new URL('../fixtures/policy/access-example.yml', import.meta.url), 'utf8');
const NOW = new Date('2026-12-02T10:00:00Z');

const withOverride = (start: string, end: string, access = '') => `
people: [{ id: alice }, { id: bob }]
${access}
rotations:
  - { id: r, timezone: UTC, period: weekly, handoff: { weekday: mon, time: "09:00" }, start: 2026-01-05, members: [alice, bob] }
overrides:
  - { rotation: r, person: bob, start: ${start}, end: ${end} }
`;

describe('the access: block of the policy file', () => {
  it('accepts policy-examples/access.yml as it stands, and reads its rules', () => {
    const result = checkPolicyText(accessExample, {}, { now: NOW });
    expect(result.errors).toEqual([]);
    expect(accessRules(result.policy!)).toEqual({ admins: ['alice'], unknownUsers: 'read', maxOverrideMs: 30 * 86_400_000 });
  });

  it('defaults to read-only unknown users, no admins and 30 days when absent', () => {
    const result = checkPolicyText('people: [{ id: alice }]\n', {}, { now: NOW });
    expect(accessRules(result.policy!)).toEqual({ admins: [], unknownUsers: 'read', maxOverrideMs: 30 * 86_400_000 });
  });

  it('names an unknown admin, a wrong unknown_users and a bad duration', () => {
    const text = 'people: [{ id: alice }]\naccess: { admins: [alcie], unknown_users: write, max_override: forever }\n';
    const paths = checkPolicyText(text, {}, { now: NOW }).errors.map((e) => `${e.path}: ${e.message}`);
    expect(paths).toEqual(expect.arrayContaining([expect.stringMatching(/^access\.admins\[0\]: unknown person 'alcie'/), expect.stringMatching(/^access\.unknown_users: expected read or respond/), expect.stringMatching(/^access\.max_override: expected a duration/)]));
  });

  it('refuses an override in the file longer than access.max_override, or ending more than a year ahead', () => {
    const long = checkPolicyText(withOverride('2026-12-24T00:00:00Z', '2027-02-01T00:00:00Z'), {}, { now: NOW });
    expect(long.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['overrides[0].end: an override lasts at most 30d (access.max_override); this one lasts 39d']);
    expect(checkPolicyText(withOverride('2026-12-24T00:00:00Z', '2027-02-01T00:00:00Z', 'access: { max_override: 60d }'), {}, { now: NOW }).errors).toEqual([]);
    const far = checkPolicyText(withOverride('2028-01-01T00:00:00Z', '2028-01-02T00:00:00Z'), {}, { now: NOW });
    expect(far.errors.map((e) => e.path)).toEqual(['overrides[0].end']);
    expect(far.errors[0]?.message).toBe('an override must end within a year, by 2027-12-02T10:00:00.000Z');
    const forever = checkPolicyText(withOverride('2026-12-24T00:00:00Z', '9999-12-31T00:00:00Z'), {}, { now: NOW });
    expect(forever.errors).toHaveLength(1);
  });
});
