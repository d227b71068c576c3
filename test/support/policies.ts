import { policyFixture, slackChat, step, teamsChat, type Fields, type PolicyFixture, type WebhookKindName } from './policy-fixture';

/**
 * The named policies the test families (and the bench) run on, each built with policy-fixture.ts.
 * A function per policy, so a test can change one thing (`.person('alice', {...})`) before `.yaml()`.
 */

/**
 * The escalation tests' policy: `primary` (alice, bob; weekly, Monday 09:00 Berlin) is paged at
 * once, carol and the not-yet-started rotation `later` after 10 minutes, dave and the channel
 * C01INCIDENTS after 20; the list runs three times (repeat 2); reminders every 30 minutes.
 */
export function escalationPolicy(): PolicyFixture {
  return policyFixture('Europe/Berlin')
    .person('alice', { name: 'Alice', slack: 'U01ALICE', timezone: 'Europe/Berlin' })
    .person('bob', { name: 'Bob', slack: 'U01BOB', timezone: 'America/New_York' })
    .person('carol', { name: 'Carol', slack: 'U01CAROL' })
    .person('dave', { name: 'Dave', slack: 'U01DAVE', working_hours: { start: '07:00', end: '15:00' } })
    .rotation('primary', ['alice', 'bob'], { name: 'Platform primary', timezone: 'Europe/Berlin', notify_handoff: true })
    .rotation('later', ['carol'], { timezone: 'Europe/Berlin', period: 'daily', handoff: { time: '08:00' }, start: '2027-01-04' })
    .escalationPolicy('three', [step('0s', { rotation: 'primary' }), step('10m', { person: 'carol' }, { rotation: 'later' }), step('20m', { person: 'dave' }, { channel: { platform: 'slack', id: 'C01INCIDENTS' } })], { repeat: 2, reminder: '30m' })
    .service('payments', { chat: [slackChat({ channel_prefix: 'inc-payments', announce_channel: 'C01INCIDENTS' })] })
    .integration('generic', 'generic', { token_env: 'TOCSIN_GENERIC_TOKEN' })
    .route({ service: 'payments' })
    .summary('weekly', { cron: '0 9 * * mon', timezone: 'Europe/Berlin', rotations: ['primary'], channels: [{ platform: 'slack', id: 'C01ONCALL' }] });
}

export const ALICE_PHONE = '+4915112345678';

/**
 * The escalation policy with alice paged beyond chat, her rules in seconds: chat and push at once,
 * SMS after 2 s, a call after 4 s; for a sev1, SMS at once and a call after 1 s. Bob is paged by
 * email after 3 s but has no email address of his own here: carol has an email rule. Everyone
 * else keeps the default (chat at once).
 */
export function pagingPolicy(): PolicyFixture {
  return escalationPolicy()
    .person('alice', {
      phone: ALICE_PHONE,
      ntfy: 'alice-pager-7f3c9b',
      notify: [{ after: '0s', via: 'chat' }, { after: '0s', via: 'push' }, { after: '2s', via: 'sms' }, { after: '4s', via: 'voice' }],
      notify_urgent: [{ after: '0s', via: 'sms' }, { after: '1s', via: 'voice' }],
    })
    .person('carol', { notify: [{ after: '0s', via: 'chat' }, { after: '30s', via: 'chat' }, { after: '1m', via: 'email' }, { after: '1m', via: 'sms' }] });
}

/** The integration tokens of the child-process tests, each in its own variable as `token_env` wants. */
export const PROCESS_TOKENS = {
  alertmanager: 'am-token-6f1d0c3b9e2a4758',
  grafana: 'grafana-token-0a9b8c7d6e5f4321',
  datadog: 'datadog-token-1b2c3d4e5f607182',
  pagerduty: 'R0123456789abcdef0123456789abcde',
  generic: 'generic-token-9e8d7c6b5a493827',
} as const satisfies Record<WebhookKindName, string>;

export const PROCESS_TOKEN_ENV: Readonly<Record<WebhookKindName, string>> = {
  alertmanager: 'TOCSIN_AM_TOKEN',
  grafana: 'TOCSIN_GRAFANA_TOKEN',
  datadog: 'TOCSIN_DATADOG_TOKEN',
  pagerduty: 'TOCSIN_PD_ROUTING_KEY',
  generic: 'TOCSIN_GENERIC_TOKEN',
};

/** The id of each kind's integration in the process policy: `<kind>-1`. */
export const integrationId = (kind: WebhookKindName) => `${kind}-1`;

/**
 * A small real installation: two people on a weekly rotation paged at once, one service whose
 * chat targets are `chat` (none: local mode), and one integration of every kind. Storm mode is off
 * (threshold 0, no limit): each incident gets its channel.
 */
export function processPolicy(chat: readonly Fields[] = []): PolicyFixture {
  const policy = policyFixture('UTC')
    .person('alice', { slack: 'UALICE' })
    .person('bob', { slack: 'UBOB' })
    .rotation('primary', ['alice', 'bob'])
    .escalationPolicy('page', [step('0s', { rotation: 'primary' }), step('30m', { person: 'bob' })])
    .service('web', { auto_resolve: true, storm: NO_STORM, ...(chat.length ? { chat } : {}) })
    .route({ service: 'web' });
  for (const [kind, tokenEnv] of Object.entries(PROCESS_TOKEN_ENV)) policy.integration(integrationId(kind as WebhookKindName), kind as WebhookKindName, { token_env: tokenEnv });
  return policy;
}

/** The environment naming every process-policy token. */
export function processTokenEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(PROCESS_TOKEN_ENV).map(([kind, name]) => [name, PROCESS_TOKENS[kind as WebhookKindName]]));
}

export const SLACK_USERS = { alice: 'U0ALICE01', bob: 'U0BOB0001', carol: 'U0CAROL01' } as const;

/** alice is on call; bob and carol are responders, carol known by email only (looked up in Slack). */
export function slackPolicy(announceChannel: string, capture: 'none' | 'all' = 'all'): PolicyFixture {
  return policyFixture('Europe/Berlin')
    .person('alice', { name: 'Alice Adams', slack: SLACK_USERS.alice })
    .person('bob', { name: 'Bob Brown', slack: SLACK_USERS.bob })
    .person('carol', { name: 'Carol Chen' })
    .rotation('primary', ['alice'], { timezone: 'Europe/Berlin' })
    .escalationPolicy('web', [step('0s', { rotation: 'primary' })])
    .service('storefront', { archive_after: '1h', capture_messages: capture, chat: [slackChat({ channel_prefix: 'inc', announce_channel: announceChannel, responders: ['bob', 'carol'] })] })
    .integration('generic', 'generic', { token_env: 'TOCSIN_GENERIC_TOKEN' })
    .route({ service: 'storefront' });
}

export const TEAMS_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAMS_TEAM = '19:ops-general@thread.tacv2';
export const TEAMS_SERVICE_CHANNEL = '19:payments@thread.tacv2';
export const TEAMS_PEOPLE = {
  alice: { aad: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8', user: '29:alice-teams-user', name: 'Alice Example' },
  bob: { aad: '0b0b0b0b-3d56-4244-b585-20c8a42ed2b8', user: '29:bob-teams-user', name: 'Bob Example' },
} as const;

/** The bot's own channel in the Teams team. */
export const TEAMS_BOT_TARGET = teamsChat(TEAMS_TEAM, TEAMS_SERVICE_CHANNEL);

/**
 * One service on Teams (its chat targets `chat`); alice and bob take turns, alice is on call on
 * 2026-01-05. Bob has no Teams id: he acts as an unknown Teams user, which this policy lets respond.
 */
export function teamsPolicy(chat: readonly Fields[] = [TEAMS_BOT_TARGET]): PolicyFixture {
  return policyFixture('Europe/Berlin')
    .person('alice', { name: TEAMS_PEOPLE.alice.name, teams: TEAMS_PEOPLE.alice.aad })
    .person('bob', { name: TEAMS_PEOPLE.bob.name })
    .access({ admins: ['alice'], unknown_users: 'respond' })
    .rotation('primary', ['alice', 'bob'], { timezone: 'Europe/Berlin' })
    .escalationPolicy('platform', [step('0s', { rotation: 'primary' }), step('10m', { person: 'bob' })])
    .service('payments', { chat })
    .integration('monitoring', 'generic', { token_env: 'TOCSIN_TEST_TOKEN' })
    .route({ service: 'payments' });
}

export const STORM_TEAMS = ['web', 'db', 'net', 'pay', 'auth'] as const;
export type StormTeam = (typeof STORM_TEAMS)[number];

/** Slack id of the person on call for a team's service. */
export const slackIdOf = (team: StormTeam): string => `U0${team.toUpperCase().padEnd(7, '0')}`;

/**
 * One service per team, each with its own on-call person, escalation (page at once) and announce
 * channel; alerts are routed by their `team` label. `storm` is each service's `storm:` block.
 */
export function stormPolicy(announce: Readonly<Record<StormTeam, string>>, storm?: Fields): PolicyFixture {
  const policy = policyFixture('UTC');
  for (const t of STORM_TEAMS) policy.person(`${t}-oncall`, { name: `${t} on call`, email: `${t}@example.com`, slack: slackIdOf(t) });
  for (const t of STORM_TEAMS) policy.rotation(t, [`${t}-oncall`], { timezone: 'UTC' });
  for (const t of STORM_TEAMS) policy.escalationPolicy(t, [step('0s', { rotation: t })]);
  for (const t of STORM_TEAMS) policy.service(t, { escalation_policy: t, ...(storm ? { storm } : {}), chat: [slackChat({ channel_prefix: t, announce_channel: announce[t] })] });
  policy.integration('generic', 'generic', { token_env: 'TOCSIN_GENERIC_TOKEN', service: 'web' });
  for (const t of STORM_TEAMS) policy.route({ match: [`team="${t}"`], service: t });
  return policy;
}

/** A service's `storm:` block with storm mode off (0: no limit): one channel per incident, as before storm mode. */
export const NO_STORM = { incidents_per_minute: 0 } as const;

/** The bench's Alertmanager token (BENCH_AM_TOKEN). */
export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

/**
 * The policy the bench's Tocsin runs with: the shape of a real installation (a rotation paged at
 * once, a second step, routes that match on labels, a Slack announce channel), so ingest does the
 * catalog reads, the routing, the on-call lookup and the outbox writes it does in production.
 */
export function benchPolicy(): PolicyFixture {
  return policyFixture('Europe/Berlin')
    .person('alice', { slack: 'U01ALICE' })
    .person('bob')
    .person('carol')
    .rotation('primary', ['alice', 'bob', 'carol'])
    .escalationPolicy('platform', [step('0s', { rotation: 'primary' }), step('10m', { person: 'alice' })])
    // Storm mode off: the bench measures one channel per incident, as before storm mode.
    .service('payments', { auto_resolve: true, storm: NO_STORM, chat: [slackChat({ announce_channel: 'C01INCIDENTS', responders: ['bob'] })] })
    .integration('prod-alertmanager', 'alertmanager', { token_env: 'BENCH_AM_TOKEN' })
    .route({ match: ['team="payments"', 'severity=~"critical|page"'], service: 'payments', severity: 'sev1' })
    .route({ match: ['team="payments"'], service: 'payments', severity: 'sev3' })
    .route({ service: 'payments', severity: 'sev4' });
}
