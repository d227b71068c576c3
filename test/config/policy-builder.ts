import { stringify } from 'yaml';
import { checkPolicyText, type PolicyCheck } from '../../src/config/policy-check';
import { policyFixture, slackChat, step } from '../support/policy-fixture';

/** A small valid policy with no warnings under ENV (built with the one policy builder); tests change one thing and check what is said. */
export function basePolicy(): Record<string, any> {
  return policyFixture('Europe/Berlin')
    .person('ann')
    .person('ben', { email: undefined, slack: 'U0BEN' })
    .rotation('primary', ['ann', 'ben'])
    .override({ rotation: 'primary', person: 'ben', start: '2026-12-24T00:00:00+01:00', end: '2026-12-27T00:00:00+01:00' })
    .escalationPolicy('ep', [step('0s', { rotation: 'primary' }), step('10m', { person: 'ann' })])
    .service('svc', { chat: [slackChat({ responders: ['ann'] })] })
    .integration('am', 'alertmanager', { token_env: 'AM_TOKEN' })
    .route({ match: ['team="web"'], service: 'svc', severity: 'sev2' })
    .route({ service: 'svc' })
    .summary('weekly', { cron: '0 9 * * mon', rotations: ['primary'], channels: [{ platform: 'slack', id: 'C0ONCALL' }] })
    .object();
}

export const ENV = { AM_TOKEN: 'secret' };

export function checkChanged(change: (policy: Record<string, any>) => void, env: Record<string, string | undefined> = ENV): PolicyCheck {
  const policy = basePolicy();
  change(policy);
  return checkPolicyText(stringify(policy), env);
}

/** `path: message` lines, the way a user reads them. */
export const said = (problems: readonly { path: string; message: string }[]) => problems.map((p) => `${p.path}: ${p.message}`);
