import * as z from 'zod';
import { ok, type Result } from '../../domain/problem';
import { annotationLinks, EMPTY_ALERTS, groupAlertShape, groupAlertToIncoming, groupShape } from './alert-group';
import { httpLinks } from './alert-links';
import { anyMap } from './json-maps';
import { parseWith, presentOnly, type ParsedWebhook } from './parsed-webhook';

/**
 * Grafana-managed alerting webhook contact point, payload version "1": Alertmanager's envelope plus
 * `state` (`alerting` | `ok`) and per-alert dashboard, panel and silence links. Each alert's own
 * `status` decides trigger or resolve: one message can mix both, `state` only sums them up.
 */
const grafanaAlertSchema = z.object({
  ...groupAlertShape,
  silenceURL: z.string().nullish(),
  dashboardURL: z.string().nullish(),
  panelURL: z.string().nullish(),
  imageURL: z.string().nullish(),
  values: anyMap().nullish(),
  valueString: z.string().nullish(),
  ruleUID: z.string().nullish(),
});

const grafanaSchema = z.object({
  ...groupShape,
  state: z.string().nullish(),
  title: z.string().nullish(),
  message: z.string().nullish(),
  orgId: z.unknown().optional(),
  alerts: z.array(grafanaAlertSchema).min(1, EMPTY_ALERTS),
});

export function parse(body: unknown): Result<ParsedWebhook> {
  return parseWith(grafanaSchema, body, (group) => {
    const alerts = group.alerts.map((alert) =>
      groupAlertToIncoming(group, alert, {
        details: presentOnly({
          receiver: group.receiver,
          state: group.state,
          groupTitle: group.title,
          orgId: group.orgId,
          values: alert.values,
          valueString: alert.valueString,
          ruleUID: alert.ruleUID,
          imageURL: alert.imageURL,
        }),
        links: httpLinks([
          ['Source', alert.generatorURL],
          ['Dashboard', alert.dashboardURL],
          ['Panel', alert.panelURL],
          ...annotationLinks(alert.annotations),
          ['Silence', alert.silenceURL],
        ]),
      }),
    );
    return ok({ alerts });
  });
}
