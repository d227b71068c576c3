import { describe, expect, it } from 'vitest';
import { basePolicy, checkChanged, said } from './policy-builder';
import { checkPolicyText } from '../../src/config/policy-check';
import { stringify } from 'yaml';
import * as z from 'zod';
import { policySchema } from '../../src/config/policy-schema';
import { desiredState } from '../../src/app/policy/policy-records';

describe('policy schema', () => {
  it('accepts the base policy with neither errors nor warnings', () => {
    const result = checkChanged(() => {});
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it.each<[string, (p: Record<string, any>) => void, string, RegExp]>([
    ['a duration without unit', (p) => (p.escalation_policies[0].steps[1].after = 10), 'escalation_policies[0].steps[1].after', /duration like 30s.*no unit/],
    ['a duration in words', (p) => (p.escalation_policies[0].steps[1].after = '10 minutes'), 'escalation_policies[0].steps[1].after', /got '10 minutes'/],
    ['a time that is not HH:MM', (p) => (p.rotations[0].handoff.time = '9:00'), 'rotations[0].handoff.time', /expected HH:MM/],
    ['an unknown zone', (p) => (p.rotations[0].timezone = 'Berlin'), 'rotations[0].timezone', /IANA time zone/],
    ['a long weekday', (p) => (p.rotations[0].handoff.weekday = 'monday'), 'rotations[0].handoff.weekday', /mon, tue/],
    ['an unknown period', (p) => (p.rotations[0].period = 'fortnightly'), 'rotations[0].period', /weekly, daily or \{ days: N \}/],
    ['zero days', (p) => (p.rotations[0].period = { days: 0 }), 'rotations[0].period.days', /at least 1/],
    ['an impossible date', (p) => (p.rotations[0].start = '2026-02-30'), 'rotations[0].start', /YYYY-MM-DD/],
    ['an instant without offset', (p) => (p.overrides[0].start = '2026-12-24T00:00:00'), 'overrides[0].start', /with its offset/],
    ['an unknown integration kind', (p) => (p.integrations[0].kind = 'nagios'), 'integrations[0].kind', /alertmanager, grafana, datadog, pagerduty, generic/],
    ['a secret instead of a variable name', (p) => (p.integrations[0].token_env = 's3cr3t-token'), 'integrations[0].token_env', /environment variable/],
    ['an unknown capture mode', (p) => (p.services[0].capture_messages = 'some'), 'services[0].capture_messages', /none, pinned or all/],
    ['an unknown chat platform', (p) => (p.services[0].chat[0].platform = 'irc'), 'services[0].chat[0].platform', /slack or teams/],
    ['a teams target without team', (p) => (p.services[0].chat[0] = { platform: 'teams', channel: '19:x' }), 'services[0].chat[0].team', /missing/],
    ['a severity outside sev1..4', (p) => (p.routes[0].severity = 'critical'), 'routes[0].severity', /sev1, sev2/],
    ['a bad matcher', (p) => (p.routes[0].match = ['team=="web"']), 'routes[0].match[0]', /bad matcher: unescaped double quote/],
    ['a cron with four fields', (p) => (p.summaries[0].cron = '0 9 * *'), 'summaries[0].cron', /5 fields/],
    ['a cron hour of 24', (p) => (p.summaries[0].cron = '0 24 * * *'), 'summaries[0].cron', /hour field/],
    ['a target naming two things', (p) => (p.escalation_policies[0].steps[0].notify = [{ rotation: 'primary', person: 'ann' }]), 'escalation_policies[0].steps[0].notify[0]', /exactly one/],
    ['a step paging nobody', (p) => (p.escalation_policies[0].steps[0].notify = []), 'escalation_policies[0].steps[0].notify', /notify someone/],
    ['a negative repeat', (p) => (p.escalation_policies[0].repeat = -1), 'escalation_policies[0].repeat', /0 or more/],
    ['a bad email', (p) => (p.people[0].email = 'ann-at-example'), 'people[0].email', /email/],
    ['a bad Slack id', (p) => (p.people[1].slack = '@ben'), 'people[1].slack', /Slack user id/],
    ['a missing id', (p) => delete p.people[0].id, 'people[0].id', /missing \(required\)/],
    ['an id with spaces', (p) => (p.rotations[0].id = 'web primary'), 'rotations[0].id', /expected an id/],
    ['a negative storm threshold', (p) => (p.services[0].storm = { incidents_per_minute: -1 }), 'services[0].storm.incidents_per_minute', /0 \(no limit\) or more/],
    ['a storm threshold with a fraction', (p) => (p.services[0].storm = { incidents_per_minute: 2.5 }), 'services[0].storm.incidents_per_minute', /whole number/],
    ['a storm without its threshold', (p) => (p.services[0].storm = {}), 'services[0].storm.incidents_per_minute', /missing/],
  ])('names %s with its path', (_, change, path, message) => {
    const result = checkChanged(change);
    expect(result.policy).toBeUndefined();
    expect(result.errors).toContainEqual(expect.objectContaining({ path, message: expect.stringMatching(message) }));
  });

  it('refuses unknown keys at every depth, with a suggestion when one is close', () => {
    const result = checkChanged((p) => {
      p.escalation_policys = p.escalation_policies;
      delete p.escalation_policies;
      p.rotations[0].handof = p.rotations[0].handoff;
      p.people[0].emial = 'x@example.com';
      p.services[0].chat[0].colour = 'red';
      p.services[0].chat[0].team = 'T1';
    });
    expect(said(result.errors)).toEqual(
      expect.arrayContaining([
        "escalation_policys: unknown key 'escalation_policys' (did you mean 'escalation_policies'?)",
        "rotations[0].handof: unknown key 'handof' (did you mean 'handoff'?)",
        "people[0].emial: unknown key 'emial' (did you mean 'email'?)",
        "services[0].chat[0].colour: unknown key 'colour'",
        "services[0].chat[0].team: unknown key 'team'",
      ]),
    );
  });

  it('does not turn a misspelled list into unknown-reference errors as well', () => {
    const result = checkChanged((p) => {
      p.escalation_policys = p.escalation_policies;
      delete p.escalation_policies;
    });
    expect(result.errors.map((e) => e.path)).toEqual(['escalation_policys']);
  });

  it('normalizes: effective zones, durations in ms, instants in UTC, parsed matchers', () => {
    const policy = checkPolicyText(stringify({ ...basePolicy(), summaries: [] }), {}).policy!;
    expect(policy.rotations[0].timezone).toBe('Europe/Berlin');
    expect(policy.escalation_policies[0].steps[1].after.ms).toBe(600_000);
    expect(policy.overrides[0].end).toBe('2026-12-26T23:00:00.000Z');
    expect(policy.routes[0].match?.[0]).toMatchObject({ name: 'team', operator: '=', value: 'web' });
    expect(policy.services[0]).toMatchObject({ auto_resolve: true, capture_messages: 'none' });
  });
});

describe('policy schema help text', () => {
  it('describes every key, for `tocsin config check` and editors', () => {
    const json = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' });
    const undocumented: string[] = [];
    const walk = (node: any, path: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [key, child] of Object.entries<any>(node.properties ?? {})) {
        if (!child.description) undocumented.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      walk(node.items, `${path}[]`);
      for (const option of node.anyOf ?? []) walk(option, path);
    };
    walk(json, '');
    expect(undocumented).toEqual([]);
  });

  it('reads a service\'s storm threshold into the catalog, absent when not given (the default of 10 then applies)', () => {
    const policy = checkChanged((p) => (p.services[0].storm = { incidents_per_minute: 25 })).policy!;
    expect(desiredState(policy).objects.find((o) => o.kind === 'service')?.definition).toMatchObject({ stormPerMinute: 25 });
    const plain = checkChanged(() => {}).policy!;
    expect(desiredState(plain).objects.find((o) => o.kind === 'service')?.definition).not.toHaveProperty('stormPerMinute');
    const off = checkChanged((p) => (p.services[0].storm = { incidents_per_minute: 0 })).policy!;
    expect(desiredState(off).objects.find((o) => o.kind === 'service')?.definition).toMatchObject({ stormPerMinute: 0 });
  });
});
