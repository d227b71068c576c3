import * as z from 'zod';
import type { AlertAction, IncomingAlert } from '../../domain/alert/alert';
import { fail, ok, type Problem, type Result } from '../../domain/problem';
import { httpLinks } from './alert-links';
import { readDatadogTitle, transitionAction } from './datadog-title';
import { parseWith, presentOnly, type ParsedWebhook } from './parsed-webhook';
import { severityFromWord } from './severity-words';

/**
 * Datadog Webhooks integration. Datadog renders a user-editable template whose `$VARIABLES` all
 * arrive as strings (`"date": "1759343824000"`); a variable Datadog could not fill may stay as
 * its literal `$NAME`, read here as absent. The default template has no alert key: the extended
 * one (`alert_cycle_key`, `alert_transition`…) is recommended, the default still works.
 */
const value = z
  .union([z.string(), z.number(), z.boolean()])
  .nullish()
  .transform((v) => {
    const s = v === undefined || v === null ? '' : String(v).trim();
    return s === '' || /^\$[A-Z_]+$/.test(s) ? undefined : s;
  });

const datadogSchema = z.object({
  id: value,
  title: value,
  body: value,
  event_type: value,
  date: value,
  last_updated: value,
  org: z.object({ id: value, name: value }).nullish(),
  alert_id: value,
  alert_cycle_key: value,
  aggreg_key: value,
  alert_transition: value,
  alert_title: value,
  alert_status: value,
  alert_priority: value,
  alert_type: value,
  alert_scope: value,
  alert_query: value,
  alert_metric: value,
  hostname: value,
  link: value,
  snapshot: value,
  tags: value,
  text_only_msg: value,
});
type DatadogEvent = z.output<typeof datadogSchema>;

export function parse(body: unknown): Result<ParsedWebhook> {
  return parseWith(datadogSchema, body, (event) => {
    const alert = toAlert(event);
    return alert.ok ? ok({ alerts: [alert.value], dedupKey: alert.value.groupKey }) : alert;
  });
}

function toAlert(event: DatadogEvent): Result<IncomingAlert> {
  const fromTitle = readDatadogTitle(event.title ?? '');
  const transition = event.alert_transition ?? fromTitle.transition;
  const monitorUrl = /https?:\/\/[^\s)\]]*\/monitors\/(\d+)[^\s)\]]*/.exec(`${event.link ?? ''} ${event.body ?? ''}`);
  const monitorId = event.alert_id ?? monitorUrl?.[1];
  const key = event.alert_cycle_key ?? event.aggreg_key ?? (monitorId && `monitor/${monitorId}${fromTitle.scope ? ` ${fromTitle.scope}` : ''}`);
  const title = event.alert_title ?? (event.title ? fromTitle.name : undefined);
  const action = actionOf(transition, event.alert_type);
  const at = epochMs(event.date);
  const problems: Problem[] = [
    ...(key ? [] : [{ path: 'alert_cycle_key', message: 'required: add "alert_cycle_key": "$ALERT_CYCLE_KEY" to the webhook payload' }]),
    ...(title ? [] : [{ path: 'title', message: 'required' }]),
    ...(action ? [] : [{ path: 'alert_transition', message: `unknown transition ${JSON.stringify(transition)}` }]),
    ...(at !== null ? [] : [{ path: 'date', message: 'expected epoch milliseconds' }]),
  ];
  if (!key || !title || !action || at === null) return fail(...problems);
  const priority = event.alert_priority ?? fromTitle.priority;
  const severity = severityFromWord(priority) ?? (/warn/i.test(transition ?? '') ? 'sev3' : severityFromWord(event.alert_type));
  return ok({
    groupKey: key,
    fingerprint: key,
    action,
    title,
    ...(severity ? { severity } : {}),
    labels: { ...tagLabels(event.alert_scope), ...tagLabels(event.tags) },
    details: presentOnly({
      message: event.body?.replace(/^%%%\s*|\s*%%%$/g, ''),
      transition,
      eventType: event.event_type,
      eventId: event.id,
      monitorId,
      priority,
      alertStatus: event.alert_status,
      alertType: event.alert_type,
      query: event.alert_query,
      metric: event.alert_metric,
      hostname: event.hostname,
      org: event.org?.name ?? event.org?.id,
    }),
    links: httpLinks([
      ['Datadog event', event.link],
      ['Monitor', monitorUrl?.[0]],
      ['Snapshot', event.snapshot],
    ]),
    ...(at === undefined ? {} : action === 'resolve' ? { endsAt: at } : { startsAt: at }),
  });
}

function actionOf(transition: string | undefined, alertType: string | undefined): AlertAction | undefined {
  if (transition !== undefined) return transitionAction(transition);
  return alertType?.toLowerCase() === 'success' ? 'resolve' : 'trigger';
}

/** `"1759343824000"` → ISO instant; undefined when absent, null when not a time. */
function epochMs(text: string | undefined): string | undefined | null {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(ms)) return null;
  return new Date(ms).toISOString();
}

/** Datadog tags `env:prod,service:web,canary` → `{ env: 'prod', service: 'web', canary: '' }`. */
function tagLabels(tags: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of (tags ?? '').split(',')) {
    const t = tag.trim();
    if (t === '') continue;
    const colon = t.indexOf(':');
    const [k, v] = colon < 0 ? [t, ''] : [t.slice(0, colon), t.slice(colon + 1)];
    if (k !== '' && !Object.hasOwn(labels, k)) Object.defineProperty(labels, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return labels;
}
