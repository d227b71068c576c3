import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { IncomingAlert } from '../../domain/alert/alert';
import { fail, ok, type Problem, type Result } from '../../domain/problem';
import { httpLinks } from './alert-links';
import { parseWith, presentOnly, type ParsedWebhook } from './parsed-webhook';
import { severityFromWord } from './severity-words';

/** PagerDuty Events API v2 (`POST /v2/enqueue`), as in PagerDuty/api-schema `events-v2`. */
const text = z.string().nullish();
const pagerDutySchema = z.object({
  routing_key: z.string().min(1),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().min(1).max(255).nullish(),
  payload: z
    .object({
      summary: z.string().trim().min(1).max(1024),
      source: z.string().trim().min(1),
      severity: z.enum(['critical', 'error', 'warning', 'info']),
      timestamp: text,
      component: text,
      group: text,
      class: text,
      custom_details: z.unknown().optional(),
    })
    .nullish(),
  client: text,
  client_url: text,
  links: z.array(z.object({ href: z.string().min(1), text: text })).nullish(),
  images: z.array(z.object({ src: z.string().min(1), href: text, alt: text })).nullish(),
});
type PagerDutyEvent = z.output<typeof pagerDutySchema>;

export interface PagerDutyParseOptions {
  /** Makes the dedup_key of a trigger that has none (PagerDuty answers it back). */
  readonly newDedupKey?: () => string;
}

export function parse(body: unknown, options: PagerDutyParseOptions = {}): Result<ParsedWebhook> {
  return parseWith(pagerDutySchema, body, (event) => {
    const problems: Problem[] = [];
    if (event.event_action === 'trigger' && !event.payload) problems.push({ path: 'payload', message: 'required for trigger' });
    if (event.event_action !== 'trigger' && !event.dedup_key) problems.push({ path: 'dedup_key', message: `required for ${event.event_action}` });
    if (problems.length > 0) return fail(...problems);
    const dedupKey = event.dedup_key ?? (options.newDedupKey ?? randomUUID)();
    return ok({ alerts: [toAlert(event, dedupKey)], dedupKey });
  });
}

/** The routing key read before the body is validated: it is the credential (webhook-auth). */
export function routingKeyOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('routing_key' in body)) return undefined;
  return typeof body.routing_key === 'string' ? body.routing_key : undefined;
}

function toAlert(event: PagerDutyEvent, dedupKey: string): IncomingAlert {
  const p = event.payload;
  const severity = severityFromWord(p?.severity);
  const details = p?.custom_details;
  return {
    groupKey: dedupKey,
    fingerprint: dedupKey,
    action: event.event_action,
    title: p?.summary ?? dedupKey,
    ...(severity ? { severity } : {}),
    labels: { ...scalarLabels(details), ...presentOnly({ source: p?.source, component: p?.component, group: p?.group, class: p?.class }) },
    details: presentOnly({
      customDetails: details,
      client: event.client,
      images: event.images?.length ? event.images : undefined,
    }),
    links: httpLinks([
      ...(event.links ?? []).map((l) => [l.text || l.href, l.href] as const),
      [event.client ?? 'Client', event.client_url],
      ...(event.images ?? []).map((i) => [i.alt || 'Image', i.href] as const),
    ]),
    ...(p?.timestamp ? { startsAt: p.timestamp } : {}),
  };
}

/** custom_details' scalar fields become labels, so routes can match on them like PagerDuty's rules. */
function scalarLabels(details: unknown): Record<string, string> {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return {};
  const entries = Object.entries(details).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v));
  return Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
}
