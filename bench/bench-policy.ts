/**
 * The policy the bench's Tocsin runs with: the shape of a real installation (a rotation paged at
 * once, a second step, routes that match on labels, a Slack announce channel), so ingest does the
 * catalog reads, the routing, the on-call lookup and the outbox writes it does in production.
 */
export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

export const BENCH_POLICY = `
timezone: Europe/Berlin
people:
  - { id: alice, email: alice@example.com, slack: U01ALICE }
  - { id: bob, email: bob@example.com }
  - { id: carol, email: carol@example.com }
rotations:
  - id: primary
    period: weekly
    handoff: { weekday: mon, time: "09:00" }
    start: 2026-01-05
    members: [alice, bob, carol]
escalation_policies:
  - id: platform
    steps:
      - { after: 0s, notify: [{ rotation: primary }] }
      - { after: 10m, notify: [{ person: alice }] }
services:
  - id: payments
    escalation_policy: platform
    auto_resolve: true
    # Above any storm the bench makes: it measures one channel per incident, as before storm mode.
    storm: { incidents_per_minute: 100000 }
    chat: [{ platform: slack, announce_channel: C01INCIDENTS, responders: [bob] }]
integrations:
  - { id: prod-alertmanager, kind: alertmanager, token_env: BENCH_AM_TOKEN, service: payments }
routes:
  - { match: ['team="payments"', 'severity=~"critical|page"'], service: payments, severity: sev1 }
  - { match: ['team="payments"'], service: payments, severity: sev3 }
  - { service: payments, severity: sev4 }
`;
