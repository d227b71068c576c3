import { POLICY } from '../escalation/engine-harness';

/**
 * The escalation tests' policy (engine-harness.ts) with alice paged beyond chat, her rules in
 * seconds: chat and push at once, SMS after 2 s, a call after 4 s; for a sev1, SMS at once and a
 * call after 1 s. Bob is paged by email after 3 s but has no email address of his own here:
 * carol has an email rule. Everyone else keeps the default (chat at once).
 */
export const ALICE_PHONE = '+4915112345678';
export const PAGING_POLICY = POLICY.replace(
  '  - { id: alice, name: Alice, email: alice@example.com, slack: U01ALICE, timezone: Europe/Berlin }',
  `  - id: alice
    name: Alice
    email: alice@example.com
    slack: U01ALICE
    timezone: Europe/Berlin
    phone: "${ALICE_PHONE}"
    ntfy: alice-pager-7f3c9b
    notify:
      - { after: 0s, via: chat }
      - { after: 0s, via: push }
      - { after: 2s, via: sms }
      - { after: 4s, via: voice }
    notify_urgent:
      - { after: 0s, via: sms }
      - { after: 1s, via: voice }`,
).replace(
  '  - { id: carol, name: Carol, email: carol@example.com, slack: U01CAROL }',
  `  - id: carol
    name: Carol
    email: carol@example.com
    slack: U01CAROL
    notify:
      - { after: 0s, via: chat }
      - { after: 30s, via: chat }
      - { after: 1m, via: email }
      - { after: 1m, via: sms }`,
);

if (PAGING_POLICY === POLICY) throw new Error('the paging policy did not change the escalation policy text');
