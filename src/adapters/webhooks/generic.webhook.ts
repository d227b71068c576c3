import * as z from 'zod';
import { fail, ok, type Result } from '../../domain/problem';
import { httpLinks, isHttpUrl } from './alert-links';
import { anyMap, stringMap } from './json-maps';
import { parseWith, presentOnly, type ParsedWebhook } from './parsed-webhook';
import { severityFromWord } from './severity-words';

/**
 * Tocsin's own format (SPEC "HTTP endpoints"):
 * `{dedup_key, action: trigger|acknowledge|resolve, title, severity, source, details, links}`,
 * plus optional `labels` for the routes. We own it, so it is checked strictly where PagerDuty's
 * is lenient: the key is required (a retry must find the same incident) and so are valid links.
 */
const url = z.string().refine(isHttpUrl, 'expected an absolute http(s) URL');
const genericSchema = z.object({
  dedup_key: z.string().trim().min(1).max(255),
  action: z.enum(['trigger', 'acknowledge', 'resolve']),
  title: z.string().trim().nullish(),
  severity: z
    .string()
    .nullish()
    .refine((s) => s == null || severityFromWord(s) !== undefined, 'expected sev1..sev4, 1..4, critical, error, warning or info'),
  source: z.string().nullish(),
  details: anyMap().nullish(),
  labels: stringMap().nullish(),
  links: z.array(z.union([url, z.object({ url, title: z.string().nullish() })])).nullish(),
});

/** Longest title kept, in characters (PagerDuty's summary limit). */
export const MAX_TITLE = 1024;

/**
 * A title over MAX_TITLE is cut (at a character, never inside a surrogate pair) and ends in "…";
 * the whole of it stays in the alert's details as `full_title`. Refusing it instead would lose the
 * page: a script posting this format rarely retries, and would get the same 400 if it did.
 */
function shortTitle(title: string): string {
  if (title.length <= MAX_TITLE) return title;
  const chars = Array.from(title);
  return chars.length <= MAX_TITLE ? title : `${chars.slice(0, MAX_TITLE - 1).join('')}…`;
}

export function parse(body: unknown): Result<ParsedWebhook> {
  return parseWith(genericSchema, body, (event) => {
    if (event.action === 'trigger' && !event.title) return fail({ path: 'title', message: 'required for trigger' });
    const severity = severityFromWord(event.severity ?? undefined);
    const title = event.title || event.dedup_key;
    const short = shortTitle(title);
    const links = (event.links ?? []).map((l) => (typeof l === 'string' ? ([l, l] as const) : ([l.title || l.url, l.url] as const)));
    const alert = {
      groupKey: event.dedup_key,
      fingerprint: event.dedup_key,
      action: event.action,
      title: short,
      ...(severity ? { severity } : {}),
      labels: { ...event.labels, ...presentOnly({ source: event.source }) },
      details: { ...event.details, ...(short === title ? {} : { full_title: title }) },
      links: httpLinks(links),
    };
    return ok({ alerts: [alert], dedupKey: event.dedup_key });
  });
}
