import { readFileSync } from 'node:fs';
import { WEBHOOK_KINDS, type WebhookKind } from '../../src/adapters/webhooks/parsed-webhook';
import { WEBHOOK_SOURCES } from '../../src/adapters/webhooks/webhook-sources';

/** The JSON samples of ../shared/reference/payloads, copied in-repo. */
export function payload(name: string): any {
  return JSON.parse(readFileSync(new URL(`../fixtures/payloads/${name}`, import.meta.url), 'utf8'));
}

/** Each kind's path, as the one table of webhook kinds says (webhook-sources.test.ts pins them to the SPEC). */
export const PATHS: Readonly<Record<WebhookKind, string>> = Object.fromEntries(WEBHOOK_KINDS.map((k) => [k, WEBHOOK_SOURCES[k].path])) as Record<WebhookKind, string>;
