import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';

/** The integration tokens of the child-process tests, each in its own variable as `token_env` wants. */
export const PROCESS_TOKENS = {
  alertmanager: 'am-token-6f1d0c3b9e2a4758',
  grafana: 'grafana-token-0a9b8c7d6e5f4321',
  datadog: 'datadog-token-1b2c3d4e5f607182',
  pagerduty: 'R0123456789abcdef0123456789abcde',
  generic: 'generic-token-9e8d7c6b5a493827',
} as const satisfies Record<WebhookKind, string>;

const TOKEN_ENV: Readonly<Record<WebhookKind, string>> = {
  alertmanager: 'TOCSIN_AM_TOKEN',
  grafana: 'TOCSIN_GRAFANA_TOKEN',
  datadog: 'TOCSIN_DATADOG_TOKEN',
  pagerduty: 'TOCSIN_PD_ROUTING_KEY',
  generic: 'TOCSIN_GENERIC_TOKEN',
};

/** The id of each kind's integration in the policy below: `<kind>-1`. */
export const integrationId = (kind: WebhookKind) => `${kind}-1`;

/**
 * A small real installation: two people on a weekly rotation paged at once, one service whose
 * chat targets are `chat` (none: local mode), and one integration of every kind. Storm mode is out
 * of reach (a threshold above any storm these tests make): each incident gets its channel.
 */
export function processPolicy(chat: readonly string[] = []): string {
  const kinds = Object.keys(TOKEN_ENV) as WebhookKind[];
  return `
timezone: UTC
people:
  - { id: alice, email: alice@example.com, slack: UALICE }
  - { id: bob, email: bob@example.com, slack: UBOB }
rotations:
  - { id: primary, period: weekly, handoff: { weekday: mon, time: "09:00" }, start: 2026-01-05, members: [alice, bob] }
escalation_policies:
  - id: page
    steps:
      - { after: 0s, notify: [{ rotation: primary }] }
      - { after: 30m, notify: [{ person: bob }] }
services:
  - id: web
    escalation_policy: page
    auto_resolve: true
    storm: { incidents_per_minute: 100000 }
${chat.length ? `    chat:\n${chat.map((c) => `      - ${c}`).join('\n')}` : ''}
integrations:
${kinds.map((k) => `  - { id: ${integrationId(k)}, kind: ${k}, token_env: ${TOKEN_ENV[k]}, service: web }`).join('\n')}
routes:
  - { service: web }
`;
}

export interface ProcessSetup {
  readonly dir: string;
  /** TOCSIN_CONFIG and every token variable; add DATABASE_URL and the rest. */
  readonly env: Record<string, string>;
  cleanup(): void;
}

/** A temp directory with the policy file (processPolicy, or `policy`) written, and the environment that names it. */
export function processSetup(chat: readonly string[] = [], policy?: string): ProcessSetup {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-proc-'));
  const file = join(dir, 'tocsin.yml');
  writeFileSync(file, policy ?? processPolicy(chat));
  const env: Record<string, string> = { TOCSIN_CONFIG: file };
  for (const [kind, name] of Object.entries(TOKEN_ENV)) env[name] = PROCESS_TOKENS[kind as WebhookKind];
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
