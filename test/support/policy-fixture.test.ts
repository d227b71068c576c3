import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/config/policy-check';
import { benchPolicy, escalationPolicy, pagingPolicy, processPolicy, processTokenEnv, slackPolicy, STORM_TEAMS, stormPolicy, teamsPolicy } from './policies';
import { policyFixture, slackChat, step } from './policy-fixture';

describe('the policy fixture', () => {
  it('fills in what a test does not say, and a second call with the same id changes only what it names', () => {
    const doc = parse(
      policyFixture()
        .person('alice', { slack: 'U1' })
        .person('alice', { name: 'Alice' })
        .rotation('primary', ['alice'])
        .escalationPolicy('page', [step('0s', { rotation: 'primary' })])
        .escalationPolicy('page', [step('5m', { person: 'alice' })])
        .service('web', { chat: [slackChat({ announce_channel: 'C1' })] })
        .integration('am', 'alertmanager')
        .route({ service: 'web' })
        .yaml(),
    );
    expect(doc).toEqual({
      timezone: 'UTC',
      people: [{ id: 'alice', email: 'alice@example.com', slack: 'U1', name: 'Alice' }],
      rotations: [{ id: 'primary', period: 'weekly', handoff: { weekday: 'mon', time: '09:00' }, start: '2026-01-05', members: ['alice'] }],
      escalation_policies: [{ id: 'page', steps: [{ after: '5m', notify: [{ person: 'alice' }] }] }],
      services: [{ id: 'web', escalation_policy: 'page', chat: [{ platform: 'slack', announce_channel: 'C1' }] }],
      integrations: [{ id: 'am', kind: 'alertmanager', token_env: 'TOCSIN_ALERTMANAGER_TOKEN', service: 'web' }],
      routes: [{ service: 'web' }],
    });
  });

  it('every named policy is one Tocsin accepts', () => {
    const env = { ...processTokenEnv(), TOCSIN_TEST_TOKEN: 't', BENCH_AM_TOKEN: 't' };
    const announce = Object.fromEntries(STORM_TEAMS.map((t) => [t, `C0${t.toUpperCase()}`])) as Record<(typeof STORM_TEAMS)[number], string>;
    const all = [escalationPolicy(), pagingPolicy(), processPolicy([slackChat({ announce_channel: 'C1' })]), slackPolicy('C1'), teamsPolicy(), stormPolicy(announce), benchPolicy()];
    for (const policy of all) expect(checkPolicyText(policy.yaml(), env).errors).toEqual([]);
  });
});
