import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicyText } from '../../src/config/policy-check';
import { desiredState } from '../../src/app/policy/policy-records';
import { checkChanged, ENV, said } from './policy-builder';

// A copy of shared/policy-examples/paging.yml: the policy example with phone, ntfy, notify, notify_urgent.
const pagingExample = readFileSync(new URL('../fixtures/policy/paging-example.yml', import.meta.url), 'utf8');
const PROVIDERS = { TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef', TWILIO_AUTH_TOKEN: 'twilio-secret', TWILIO_FROM: '+15005550006', SMTP_URL: 'smtp://mail.example.com:587' };
const TOKENS = { TOCSIN_AM_TOKEN: 'a', TOCSIN_GRAFANA_TOKEN: 'b' };

describe('personal notification rules in the policy file', () => {
  it('accepts policy-examples/paging.yml as it stands and stores each person\'s rules', () => {
    const result = checkPolicyText(pagingExample, { ...TOKENS, ...PROVIDERS });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const people = desiredState(result.policy!).people;
    expect(people[0]).toMatchObject({
      id: 'alice',
      phone: '+4915112345678',
      ntfy: 'alice-pager-7f3c9b',
      notify: [{ afterMs: 0, via: 'chat' }, { afterMs: 0, via: 'push' }, { afterMs: 120_000, via: 'sms' }, { afterMs: 300_000, via: 'voice' }],
      notifyUrgent: [{ afterMs: 0, via: 'chat' }, { afterMs: 0, via: 'sms' }, { afterMs: 60_000, via: 'voice' }],
    });
    expect(people[2]).not.toHaveProperty('notify');
  });

  it('warns once per channel whose provider the environment lacks, and passes', () => {
    const result = checkPolicyText(pagingExample, TOKENS);
    expect(result.errors).toEqual([]);
    expect(said(result.warnings)).toEqual([
      'people[0].notify[2].via: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM are not set in the environment: sms notifications only go to the log',
      'people[0].notify[3].via: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM are not set in the environment: voice notifications only go to the log',
      'people[1].notify[1].via: SMTP_URL is not set in the environment: email notifications only go to the log',
    ]);
  });

  it('names a phone that is not E.164, an unknown channel and a rule without after', () => {
    const result = checkChanged((p) => (p.people[0] = { id: 'ann', email: 'ann@example.com', phone: '0151 1234', notify: [{ after: '0s', via: 'pager' }, { via: 'sms' }] }));
    expect(said(result.errors)).toEqual([
      expect.stringMatching(/^people\[0\]\.phone: expected an E\.164 phone number/),
      expect.stringMatching(/^people\[0\]\.notify\[0\]\.via: expected one of chat, push, sms, voice, email/),
      expect.stringMatching(/^people\[0\]\.notify\[1\]\.after: missing/),
    ]);
  });

  it.each<[string, (p: Record<string, any>) => void, string]>([
    ['an empty rule list', (p) => (p.people[0].notify = []), "people[0].notify: ann's notify list is empty: paging ann notifies nobody"],
    ['an empty urgent list', (p) => (p.people[0].notify_urgent = []), "people[0].notify_urgent: ann's notify_urgent list is empty: paging ann for a sev1 notifies nobody"],
    ['sms without a phone', (p) => (p.people[0].notify = [{ after: '0s', via: 'sms' }]), 'people[0].notify[0].via: ann has no phone: this sms rule reaches nobody (give ann a phone)'],
    ['voice without a phone', (p) => (p.people[0].notify_urgent = [{ after: '0s', via: 'voice' }]), 'people[0].notify_urgent[0].via: ann has no phone: this voice rule reaches nobody (give ann a phone)'],
    ['push without an ntfy topic', (p) => (p.people[0].notify = [{ after: '0s', via: 'push' }]), 'people[0].notify[0].via: ann has no ntfy topic: this push rule reaches nobody (give ann an ntfy topic)'],
    ['email without an email', (p) => (p.people[1].notify = [{ after: '0s', via: 'email' }]), 'people[1].notify[0].via: ben has no email: this email rule reaches nobody (give ben an email)'],
    [
      'a rule slower than the next escalation step (through a rotation)',
      (p) => (p.people[1].notify = [{ after: '0s', via: 'chat' }, { after: '15m', via: 'chat' }]),
      "people[1].notify[1].after: ben's chat rule fires after 15m, but escalation policy ep moves from step 1 to the next step 10m after paging ben: the step would escalate before the rule fires",
    ],
    [
      'a rule slower than the round gap of a repeating policy (named directly in the last step)',
      (p) => {
        p.escalation_policies[0].repeat = 1;
        p.escalation_policies[0].steps[1].notify = [{ person: 'ann' }];
        p.rotations[0].members = ['ben'];
        p.people[0].notify = [{ after: '11m', via: 'chat' }];
      },
      "people[0].notify[0].after: ann's chat rule fires after 11m, but escalation policy ep moves from step 2 to the next step 10m after paging ann: the step would escalate before the rule fires",
    ],
  ])('warns about %s', (_, change, expected) => {
    const result = checkChanged(change, { ...ENV, ...PROVIDERS });
    expect(result.errors).toEqual([]);
    expect(said(result.warnings)).toEqual([expected]);
  });

  it('says nothing of a slow rule when the person is paged by the last step of a policy that does not repeat', () => {
    const result = checkChanged((p) => {
      p.rotations[0].members = ['ben'];
      p.people[0].notify = [{ after: '1h', via: 'chat' }];
    });
    expect(result.warnings).toEqual([]);
  });
});
