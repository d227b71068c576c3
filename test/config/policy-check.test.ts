import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/config/policy-check';
import { route } from '../../src/domain/routing/route';

// A copy of ../shared/policy-example.yml (tests read nothing outside the repository).
const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');
const sharedExample = read('../fixtures/policy/policy-example.yml');
const ownExample = read('../../tocsin.example.yml');

describe('checkPolicyText on the example files', () => {
  it('accepts the shared policy-example.yml as it stands, key for key', () => {
    const result = checkPolicyText(sharedExample, {});
    expect(result.errors).toEqual([]);
    const policy = result.policy!;
    expect(policy.people.map((p) => p.id)).toEqual(['alice', 'bob', 'carol']);
    expect(policy.people[0].working_hours).toEqual({ start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] });
    expect(policy.rotations[1]).toMatchObject({ id: 'platform-secondary', period: 'daily', handoff: { time: '08:00' }, timezone: 'America/New_York' });
    expect(policy.overrides[0]).toEqual({ rotation: 'platform-primary', person: 'carol', start: '2026-12-23T23:00:00.000Z', end: '2026-12-26T23:00:00.000Z' });
    expect(policy.escalation_policies[0].steps[1].after).toEqual({ text: '10m', ms: 600_000 });
    expect(policy.escalation_policies[0]).toMatchObject({ repeat: 2, reminder: { ms: 1_800_000 } });
    expect(policy.services[0].chat[1]).toMatchObject({ platform: 'teams', team: '19:team-id@thread.tacv2' });
    expect(policy.routes[2]).toEqual({ service: 'payments', severity: 'sev4' });
    expect(policy.summaries[0]).toMatchObject({ cron: '0 9 * * mon', rotations: ['platform-primary', 'platform-secondary'] });
  });

  it('gives routes the domain router takes as they are', () => {
    const { routes } = checkPolicyText(sharedExample, {}).policy!;
    expect(route(routes, { team: 'payments', severity: 'page' })).toEqual({ serviceId: 'payments', severity: 'sev1', routeIndex: 0 });
    expect(route(routes, { team: 'payments', severity: 'info' })).toEqual({ serviceId: 'payments', severity: 'sev3', routeIndex: 1 });
    expect(route(routes, { team: 'search' })).toEqual({ serviceId: 'payments', severity: 'sev4', routeIndex: 2 });
  });

  it('has no warnings on the shared example once its tokens are set', () => {
    const result = checkPolicyText(sharedExample, { TOCSIN_AM_TOKEN: 'a', TOCSIN_GRAFANA_TOKEN: 'b' });
    expect(result.warnings).toEqual([]);
  });

  it('accepts tocsin.example.yml with no errors, and no warnings once its tokens are set', () => {
    const env = { TOCSIN_PROMETHEUS_TOKEN: 'a', TOCSIN_DATADOG_TOKEN: 'b', TOCSIN_PD_ROUTING_KEY: 'c' };
    const result = checkPolicyText(ownExample, env);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.policy?.rotations[1].period).toEqual({ days: 3 });
  });

  it('names all five mistakes of the fixture at once, each with its path and line', () => {
    const result = checkPolicyText(read('../fixtures/policy/five-mistakes.yml'), {});
    expect(result.policy).toBeUndefined();
    expect(result.errors.map((e) => [e.path, e.line])).toEqual([
      ['rotations[1].handoff.time', 18],
      ['rotations[1].members[1]', 20],
      ['escalation_policys', 22],
      ['routes[0].match[1]', 33],
      ['routes[1].service', 35],
    ]);
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringContaining('expected HH:MM'),
      expect.stringContaining("unknown person 'dave'"),
      expect.stringContaining("did you mean 'escalation_policies'"),
      expect.stringContaining('invalid regular expression'),
      expect.stringContaining("unknown service 'billing'"),
    ]);
  });
});

describe('checkPolicyText on route regexes RE2 refuses', () => {
  it('names each backreference and lookahead with its path, line and why (RE2 syntax, as Alertmanager)', () => {
    const text = sharedExample.replace(`'severity=~"critical|page"'`, `'severity=~"(crit)\\\\1"', 'team=~"(?!test)\\\\w+"'`);
    const result = checkPolicyText(text, {});
    expect(result.policy).toBeUndefined();
    expect(result.errors.map((e) => [e.path, e.line])).toEqual([
      ['routes[0].match[1]', 84],
      ['routes[0].match[2]', 84],
    ]);
    expect(result.errors[0].message).toMatch(/^bad matcher: invalid regular expression "\(crit\)\\1": .*backreferences .* not supported: route regexes use RE2 syntax, as Alertmanager does/);
    expect(result.errors[1].message).toMatch(/^bad matcher: invalid regular expression "\(\?!test\)\\w\+": .*lookahead and lookbehind .* not supported/);
  });
});

describe('checkPolicyText on broken YAML', () => {
  it('reports syntax errors with their line and nothing else', () => {
    const result = checkPolicyText('people:\n  - id: a\n    name: [A\nrotations: []\n', {});
    expect(result.policy).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].line).toBeGreaterThanOrEqual(3);
    expect(result.errors[0].message).toMatch(/^line \d+, column \d+: /);
  });

  it('refuses a key given twice', () => {
    const result = checkPolicyText('people: []\npeople: []\n', {});
    expect(result.errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('unique') })]);
  });

  it('refuses a file that is not a mapping', () => {
    expect(checkPolicyText('', {}).errors[0].message).toMatch(/expected a mapping/);
    expect(checkPolicyText('- a\n', {}).errors[0].message).toMatch(/expected a mapping/);
  });

  it('accepts a file with only a zone, and fills in the defaults', () => {
    const result = checkPolicyText('timezone: UTC\n', {});
    expect(result.errors).toEqual([]);
    expect(result.policy).toMatchObject({ timezone: 'UTC', people: [], routes: [], summaries: [] });
  });
});
