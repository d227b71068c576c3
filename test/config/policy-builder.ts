import { stringify } from 'yaml';
import { checkPolicyText, type PolicyCheck } from '../../src/config/policy-check';

/** A small valid policy with no warnings under ENV; tests change one thing and check what is said. */
export function basePolicy(): Record<string, any> {
  return {
    timezone: 'Europe/Berlin',
    people: [
      { id: 'ann', email: 'ann@example.com' },
      { id: 'ben', slack: 'U0BEN' },
    ],
    rotations: [{ id: 'primary', period: 'weekly', handoff: { weekday: 'mon', time: '09:00' }, start: '2026-01-05', members: ['ann', 'ben'] }],
    overrides: [{ rotation: 'primary', person: 'ben', start: '2026-12-24T00:00:00+01:00', end: '2026-12-27T00:00:00+01:00' }],
    escalation_policies: [{ id: 'ep', steps: [{ after: '0s', notify: [{ rotation: 'primary' }] }, { after: '10m', notify: [{ person: 'ann' }] }] }],
    services: [{ id: 'svc', escalation_policy: 'ep', chat: [{ platform: 'slack', responders: ['ann'] }] }],
    integrations: [{ id: 'am', kind: 'alertmanager', token_env: 'AM_TOKEN', service: 'svc' }],
    routes: [{ match: ['team="web"'], service: 'svc', severity: 'sev2' }, { service: 'svc' }],
    summaries: [{ id: 'weekly', cron: '0 9 * * mon', rotations: ['primary'], channels: [{ platform: 'slack', id: 'C0ONCALL' }] }],
  };
}

export const ENV = { AM_TOKEN: 'secret' };

export function checkChanged(change: (policy: Record<string, any>) => void, env: Record<string, string | undefined> = ENV): PolicyCheck {
  const policy = basePolicy();
  change(policy);
  return checkPolicyText(stringify(policy), env);
}

/** `path: message` lines, the way a user reads them. */
export const said = (problems: readonly { path: string; message: string }[]) => problems.map((p) => `${p.path}: ${p.message}`);
