import { describe, expect, it } from 'vitest';
import { checkChanged, said } from './policy-builder';

describe('paging-path warnings', () => {
  it.each<[string, (p: Record<string, any>) => void, string]>([
    ['a person nobody can reach', (p) => (p.people[1] = { id: 'ben', name: 'Ben' }), 'people[1]: ben cannot be reached on any platform: give a slack id, a teams id or an email'],
    ['a rotation with no members', (p) => p.rotations.push({ id: 'empty', handoff: { weekday: 'mon', time: '09:00' }, start: '2026-01-05' }), 'rotations[1].members: rotation empty has no members: nobody is on call'],
    [
      'a start that leaves days uncovered',
      (p) => (p.rotations[0].start = '2026-01-07'),
      'rotations[0].start: 2026-01-07 is not a mon: the first shift starts 2026-01-12 09:00 (Europe/Berlin), so nobody is on call for the 5 day(s) from 2026-01-07; start on a mon',
    ],
    ['an escalation policy with no steps', (p) => (p.escalation_policies[0].steps = []), 'escalation_policies[0].steps: escalation policy ep has no steps: it pages nobody'],
    [
      'an escalation policy whose targets are all empty rotations',
      (p) => {
        p.rotations.push({ id: 'empty', handoff: { weekday: 'mon', time: '09:00' }, start: '2026-01-05', members: [] });
        p.escalation_policies.push({ id: 'hollow', steps: [{ after: '0s', notify: [{ rotation: 'empty' }] }] });
      },
      'escalation_policies[1].steps: every target of escalation policy hollow is a rotation with no members: it pages nobody',
    ],
    ['a service nothing routes to', (p) => p.services.push({ id: 'lonely', escalation_policy: 'ep' }), 'services[1]: no route and no integration default sends alerts to service lonely: only /incident declare can open its incidents'],
    ['a service without escalation policy', (p) => delete p.services[0].escalation_policy, 'services[0]: service svc has no escalation_policy: its incidents page nobody'],
    ['a route after the catch-all', (p) => p.routes.push({ match: ['team="db"'], service: 'svc' }), 'routes[2]: never matches: routes[1] before it is a catch-all (first match wins)'],
  ])('warns about %s', (_, change, expected) => {
    const result = checkChanged(change);
    expect(result.errors).toEqual([]);
    expect(result.policy).toBeDefined();
    expect(said(result.warnings)).toContain(expected);
  });

  it('warns about an integration whose token variable is unset or empty', () => {
    for (const env of [{}, { AM_TOKEN: '' }]) {
      expect(said(checkChanged(() => {}, env).warnings)).toEqual(['integrations[0].token_env: AM_TOKEN is not set in the environment: integration am will refuse every webhook']);
    }
  });

  it('warns about a notify-only Teams target whose webhook URL variable is unset, not when it is set', () => {
    const notifyOnly = (p: Record<string, any>) => (p.services[0].chat = [{ platform: 'teams', webhook_url_env: 'TEAMS_HOOK' }]);
    expect(said(checkChanged(notifyOnly, { AM_TOKEN: 'x' }).warnings)).toEqual([
      "services[0].chat[0].webhook_url_env: TEAMS_HOOK is not set in the environment: service svc's Teams cards have nowhere to go (retried, then recorded as failed)",
    ]);
    expect(said(checkChanged(notifyOnly, { AM_TOKEN: 'x', TEAMS_HOOK: 'https://prod.example/workflows/1' }).warnings)).toEqual([]);
  });

  it('gives each warning the line it points at', () => {
    const result = checkChanged((p) => (p.people[1] = { id: 'ben' }));
    expect(result.warnings).toEqual([expect.objectContaining({ path: 'people[1]', line: expect.any(Number) })]);
  });

  it('does not count a rotation with members, or a channel, as an empty target', () => {
    const result = checkChanged((p) => {
      p.rotations.push({ id: 'empty', handoff: { weekday: 'mon', time: '09:00' }, start: '2026-01-05', members: [] });
      p.escalation_policies[0].steps[1].notify = [{ rotation: 'empty' }, { channel: { platform: 'slack', id: 'C1' } }];
    });
    expect(said(result.warnings)).toEqual(['rotations[1].members: rotation empty has no members: nobody is on call']);
  });
});
