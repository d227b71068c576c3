import * as z from 'zod';
import type { AlertLink, IncomingAlert } from '../../domain/alert/alert';
import { stringMap } from './json-maps';
import { severityFromWord } from './severity-words';

/**
 * What Alertmanager (payload v4) and Grafana (payload v1) share: a notification group with alerts.
 * Objects strip unknown keys — both tools add keys between versions (`notification_reason`,
 * `routeLabels`, `enrichments`…) — and only the keys we read are checked.
 */
const labelMap = stringMap();
/** Go serialises a nil map as `null`; read it as empty. */
const optionalLabelMap = labelMap.nullish().transform((m) => m ?? {});

export const groupAlertShape = {
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: optionalLabelMap,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().nullish(),
  fingerprint: z.string().min(1),
};

export const groupShape = {
  groupKey: z.string().min(1),
  receiver: z.string().nullish(),
  status: z.string().nullish(),
  groupLabels: optionalLabelMap,
  commonLabels: optionalLabelMap,
  commonAnnotations: optionalLabelMap,
  externalURL: z.string().nullish(),
  truncatedAlerts: z.unknown().optional(),
};

export const EMPTY_ALERTS = 'must not be empty: send at least one alert';

export type GroupAlert = z.output<z.ZodObject<typeof groupAlertShape>>;
export type AlertGroup = z.output<z.ZodObject<typeof groupShape>>;

/** Go's zero time: what Alertmanager and Grafana put in `endsAt` while an alert still fires. */
export function isGoZeroTime(text: string | undefined): boolean {
  return text === undefined || text.startsWith('0001-01-01T00:00:00');
}

/**
 * The group's common labels overlaid with the alert's own: `{ ...commonLabels, ...labels }`, made by
 * Object.assign, which V8 does many times faster than a second spread. Object.assign sets where
 * spreading defines, which differs only for a `__proto__` key (a plain label here), so such a
 * label set still goes the spread's way.
 */
export function alertLabels(group: AlertGroup, alert: GroupAlert): Record<string, string> {
  const common = group.commonLabels;
  const own = alert.labels;
  if (Object.hasOwn(common, '__proto__') || Object.hasOwn(own, '__proto__')) return { ...common, ...own };
  return Object.assign({}, common, own);
}

/** The alert in core terms; the source adds its own links and details. */
export function groupAlertToIncoming(
  group: AlertGroup,
  alert: GroupAlert,
  extra: { readonly links: readonly AlertLink[]; readonly details: Readonly<Record<string, unknown>> },
): IncomingAlert {
  const labels = alertLabels(group, alert);
  const severity = severityFromWord(labels.severity);
  return {
    groupKey: group.groupKey,
    fingerprint: alert.fingerprint,
    action: alert.status === 'resolved' ? 'resolve' : 'trigger',
    title: groupAlertTitle(group, alert),
    ...(severity ? { severity } : {}),
    labels,
    details: { annotations: alert.annotations, ...extra.details },
    links: extra.links,
    ...(isGoZeroTime(alert.startsAt) ? {} : { startsAt: alert.startsAt }),
    ...(isGoZeroTime(alert.endsAt) ? {} : { endsAt: alert.endsAt }),
  };
}

/**
 * The alert's own summary, else the group's; else its alertname with the group's other labels as
 * context (`InstanceDown (job=node)`), so two groups of one rule stay apart in a channel list.
 */
export function groupAlertTitle(group: AlertGroup, alert: GroupAlert): string {
  const a = alert.annotations;
  const common = group.commonAnnotations;
  const text = [a.summary, common.summary, a.title, common.title].find((t) => t !== undefined && t.trim() !== '');
  if (text !== undefined) return text.trim();
  const name = [alert.labels.alertname, group.commonLabels.alertname].find((n) => n !== undefined && n.trim() !== '')?.trim();
  const context = Object.entries(group.groupLabels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  if (name === undefined) return context ? `Alert group ${context}` : `Alert group ${group.groupKey}`;
  return context ? `${name} (${context})` : name;
}

/** The annotation links operators conventionally add to rules. */
export function annotationLinks(annotations: Readonly<Record<string, string>>): (readonly [string, string | undefined])[] {
  return [
    ['Runbook', annotations.runbook_url ?? annotations.runbook],
    ['Dashboard', annotations.dashboard ?? annotations.dashboard_url ?? annotations.grafana_url],
  ];
}
