import * as z from 'zod';
import { ok, type Result } from '../../domain/problem';
import { alertLabels, annotationLinks, EMPTY_ALERTS, groupAlertShape, groupAlertToIncoming, groupShape, type AlertGroup, type GroupAlert } from './alert-group';
import { httpLinks } from './alert-links';
import { parseWith, presentOnly, type ParsedWebhook } from './parsed-webhook';

/** Prometheus Alertmanager webhook, payload version "4" (docs/configuration.md, `<webhook_config>`). */
const alertmanagerSchema = z.object({
  ...groupShape,
  version: z.string().nullish(),
  notification_reason: z.string().nullish(),
  alerts: z.array(z.object(groupAlertShape)).min(1, EMPTY_ALERTS),
});

export function parse(body: unknown): Result<ParsedWebhook> {
  return parseWith(alertmanagerSchema, body, (group) => {
    const details = presentOnly({
      receiver: group.receiver,
      groupLabels: group.groupLabels,
      truncatedAlerts: group.truncatedAlerts,
      notificationReason: group.notification_reason,
      externalURL: group.externalURL,
    });
    const alerts = group.alerts.map((alert) =>
      groupAlertToIncoming(group, alert, {
        details,
        links: httpLinks([
          ['Source', alert.generatorURL],
          ...annotationLinks(alert.annotations),
          ['Silence', silenceUrl(group, alert)],
        ]),
      }),
    );
    return ok({ alerts });
  });
}

/** Alertmanager's UI link that opens a new silence pre-filled with the alert's labels. */
export function silenceUrl(group: AlertGroup, alert: GroupAlert): string | undefined {
  if (!group.externalURL) return undefined;
  const labels = alertLabels(group, alert);
  let matchers = '';
  for (const name of Object.keys(labels)) matchers += `${matchers === '' ? '' : ','}${name}="${matcherValue(labels[name]!)}"`;
  return `${group.externalURL.replace(TRAILING_SLASHES, '')}/#/silences/new?filter=${encodeURIComponent(`{${matchers}}`)}`;
}

const TRAILING_SLASHES = /\/+$/;
const NEEDS_ESCAPE = /[\\"]/;
/** A label value inside a double-quoted matcher; most values have nothing to escape. */
const matcherValue = (value: string): string => (NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : value);
