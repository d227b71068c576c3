import { describe, expect, it } from 'vitest';
import { findIntegration, presentedTokens } from '../../../src/adapters/webhooks/webhook-auth';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('presentedTokens', () => {
  it('reads a bearer token, in any case of the scheme', () => {
    expect(presentedTokens({ headers: { authorization: 'Bearer abc' }, url: '/webhooks/alertmanager' })).toEqual(['abc']);
    expect(presentedTokens({ headers: { authorization: 'bearer  abc ' } })).toEqual(['abc']);
  });

  it('reads the password of HTTP basic, whatever the username (and a password holding colons)', () => {
    expect(presentedTokens({ headers: { authorization: basic('alertmanager', 'p:w') } })).toEqual(['p:w']);
    expect(presentedTokens({ headers: { authorization: basic('', 'tok') } })).toEqual(['tok']);
  });

  it('reads ?token= from the query', () => {
    expect(presentedTokens({ headers: {}, url: '/webhooks/datadog?x=1&token=q%2Bt' })).toEqual(['q+t']);
  });

  it('presents nothing for other schemes, empty values or broken basic credentials', () => {
    expect(presentedTokens({ headers: { authorization: 'Token abc' }, url: '/?token=' })).toEqual([]);
    expect(presentedTokens({ headers: { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` } })).toEqual([]);
    expect(presentedTokens({ headers: { authorization: 'Bearer' } })).toEqual([]);
  });
});

describe('findIntegration', () => {
  const integrations = [
    { id: 'am-prod', kind: 'alertmanager', token: 'prod-token' },
    { id: 'am-unset', kind: 'alertmanager', token: '' },
    { id: 'grafana', kind: 'grafana', token: 'grafana-token' },
  ];

  it('finds the integration of the kind whose token was presented', () => {
    expect(findIntegration('alertmanager', ['nope', 'prod-token'], integrations)?.id).toBe('am-prod');
  });

  it('refuses a token of another kind, a prefix, a longer string and an unset token', () => {
    expect(findIntegration('alertmanager', ['grafana-token'], integrations)).toBeUndefined();
    expect(findIntegration('alertmanager', ['prod-toke', 'prod-token ', 'prod-tokenx'], integrations)).toBeUndefined();
    expect(findIntegration('alertmanager', [''], integrations)).toBeUndefined();
    expect(findIntegration('alertmanager', [], integrations)).toBeUndefined();
  });

  it('compares against the token an integration has now, also after matching it before', () => {
    const rotated = { id: 'am', kind: 'alertmanager', token: 'old-token' };
    expect(findIntegration('alertmanager', ['old-token'], [rotated])?.id).toBe('am');
    rotated.token = 'new-token';
    expect(findIntegration('alertmanager', ['old-token'], [rotated])).toBeUndefined();
    expect(findIntegration('alertmanager', ['new-token'], [rotated])?.id).toBe('am');
  });
});
