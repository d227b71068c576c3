import { describe, expect, it } from 'vitest';
import { checkChanged, said } from './policy-builder';

describe('policy cross-references', () => {
  it.each<[string, (p: Record<string, any>) => void, string]>([
    ['a duplicate person id', (p) => p.people.push({ id: 'ann', email: 'a2@example.com' }), "people[2].id: duplicate person id 'ann' (first used at people[0])"],
    ['a duplicate rotation id', (p) => p.rotations.push({ ...p.rotations[0] }), "rotations[1].id: duplicate rotation id 'primary' (first used at rotations[0])"],
    ['a duplicate service id', (p) => p.services.push({ id: 'svc', escalation_policy: 'ep' }), "services[1].id: duplicate service id 'svc' (first used at services[0])"],
    ['a rotation member not in people', (p) => p.rotations[0].members.push('cid'), "rotations[0].members[2]: unknown person 'cid' (known: ann, ben)"],
    ['an override for an unknown rotation', (p) => (p.overrides[0].rotation = 'secondary'), "overrides[0].rotation: unknown rotation 'secondary' (known: primary)"],
    ['an override by an unknown person', (p) => (p.overrides[0].person = 'cid'), "overrides[0].person: unknown person 'cid' (known: ann, ben)"],
    ['an override ending before it starts', (p) => (p.overrides[0].end = '2026-12-23T00:00:00+01:00'), 'overrides[0].end: end 2026-12-23T00:00:00+01:00 is not after start 2026-12-24T00:00:00+01:00'],
    ['a responder not in people', (p) => (p.services[0].chat[0].responders = ['cid']), "services[0].chat[0].responders[0]: unknown person 'cid' (known: ann, ben)"],
    ['a step paging an unknown rotation', (p) => (p.escalation_policies[0].steps[0].notify = [{ rotation: 'nope' }]), "escalation_policies[0].steps[0].notify[0].rotation: unknown rotation 'nope' (known: primary)"],
    ['a step paging an unknown person', (p) => (p.escalation_policies[0].steps[1].notify = [{ person: 'cid' }]), "escalation_policies[0].steps[1].notify[0].person: unknown person 'cid' (known: ann, ben)"],
    ['steps out of order', (p) => (p.escalation_policies[0].steps[1].after = '0s') && (p.escalation_policies[0].steps[0].after = '5m'), 'escalation_policies[0].steps[1].after: after 0s is earlier than the step before (5m); offsets count from when the incident opened, so they must not decrease'],
    ['a service with an unknown escalation policy', (p) => (p.services[0].escalation_policy = 'db'), "services[0].escalation_policy: unknown escalation policy 'db' (known: ep)"],
    ['an integration defaulting to an unknown service', (p) => (p.integrations[0].service = 'web'), "integrations[0].service: unknown service 'web' (known: svc)"],
    ['a route to an unknown service', (p) => (p.routes[1].service = 'web'), "routes[1].service: unknown service 'web' (known: svc)"],
    ['a summary of an unknown rotation', (p) => p.summaries[0].rotations.push('db'), "summaries[0].rotations[1]: unknown rotation 'db' (known: primary)"],
    ['a weekday on a daily rotation', (p) => (p.rotations[0].period = 'daily'), 'rotations[0].handoff.weekday: a weekday is only for weekly rotations; this one is daily (remove weekday)'],
    ['a weekday on an every-N-days rotation', (p) => (p.rotations[0].period = { days: 3 }), 'rotations[0].handoff.weekday: a weekday is only for weekly rotations; this one is every N days (remove weekday)'],
    ['a weekly rotation without weekday', (p) => delete p.rotations[0].handoff.weekday, 'rotations[0].handoff.weekday: a weekly rotation needs a handoff weekday (mon..sun)'],
  ])('names %s', (_, change, expected) => {
    const result = checkChanged(change);
    expect(result.policy).toBeUndefined();
    expect(said(result.errors)).toEqual([expected]);
  });

  it('gathers schema and reference errors from every section in one pass', () => {
    const result = checkChanged((p) => {
      p.rotations[0].handoff.time = 'noon';
      p.rotations[0].members = ['ann', 'zed'];
      p.overrides[0].person = 'yul';
      p.services[0].escalation_policy = 'missing';
      p.routes[0].match = ['team~"x"'];
      p.summaries[0].cron = '* * *';
    });
    expect(result.errors.map((e) => e.path)).toEqual([
      'rotations[0].handoff.time',
      'rotations[0].members[1]',
      'overrides[0].person',
      'services[0].escalation_policy',
      'routes[0].match[0]',
      'summaries[0].cron',
    ]);
  });

  it('still checks the references of an entry the schema refused', () => {
    const result = checkChanged((p) => {
      p.rotations[0].period = 'sometimes';
      p.rotations[0].members = ['zed'];
    });
    expect(result.errors.map((e) => e.path)).toEqual(['rotations[0].period', 'rotations[0].members[0]']);
  });
});
