import type { IncomingAlert } from '../domain/alert/alert';
import { incidentRef } from '../domain/incident/incident';
import type { Severity } from '../domain/incident/severity';
import { route } from '../domain/routing/route';
import type { Actor } from '../domain/timeline/timeline-entry';
import { notify } from './chat-notices';
import { openIncident } from './open-incident';
import { alertStep } from '../domain/incident/lifecycle';
import { acknowledge } from './incident-lifecycle/acknowledge';
import { resolve } from './incident-lifecycle/resolve';
import { startEscalation } from './escalation/escalate-incident';
import type { Clock } from './ports/clock';
import type { IntegrationRecord } from './ports/catalog';
import { StoreConflict, type IncidentDetails, type Store, type Tx } from './ports/store';
import { NOTICE } from './outbox/notice-contracts';

export interface IngestResult {
  readonly incidents: readonly { readonly ref: string; readonly dedupKey: string; readonly outcome: IngestOutcomeKind }[];
}

export type IngestOutcomeKind = 'opened' | 'added' | 'repeated' | 'resolved' | 'acknowledged' | 'ignored';

const DEFAULT_SEVERITY: Severity = 'sev3';

/**
 * Takes one webhook's alerts. All of them commit together or not at all (one transaction), and
 * the promise settles only once that commit is durable, so the sender is answered 2xx only for
 * what is stored. A retry of the same webhook finds the same open incident and alert
 * fingerprints, so it never opens a second incident; a repeat of an unchanged alert only bumps a
 * counter, it does not flood the timeline.
 */
export async function ingestAlerts(deps: { store: Store; clock: Clock }, integration: IntegrationRecord, alerts: readonly IncomingAlert[]): Promise<IngestResult> {
  const attempt = () => deps.store.transaction(async (tx) => {
    const at = deps.clock.now();
    const out: IngestResult['incidents'][number][] = [];
    const webhook = new OneWebhook(tx);
    for (const alert of alerts) out.push(await ingestOne(tx, integration, alert, at, webhook));
    await webhook.finish(at);
    return { incidents: out };
  });
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      // Another replica (or an Alertmanager HA peer) opened the same group between our read and
      // our insert: the unique index refused ours, and the next try finds and joins theirs. Or
      // PostgreSQL picked this transaction as a deadlock victim. Both pass; a 503 instead would
      // lose the page for a sender that does not retry (Grafana).
      if (tries < 3 && e instanceof StoreConflict) continue;
      throw e;
    }
  }
}

/**
 * Dedup keys are scoped by integration, as PagerDuty scopes them by routing key: two Alertmanager
 * clusters both grouping `{}:{alertname="Down"}` are two problems. An Alertmanager HA pair shares one
 * integration, so its duplicate sends still meet in one incident.
 */
export function incidentKey(integration: IntegrationRecord, groupKey: string): string {
  return `${integration.id}/${groupKey}`;
}

/**
 * What one webhook's transaction has learned so far. Alertmanager and Grafana send a whole group in
 * one webhook, so the group's open incident is looked up (and locked) once, not once per alert;
 * and alerts joining an incident are announced once per incident: a group of 200 alerts is one chat
 * line, not 200, and alerts arriving with the ones that opened the incident are not news.
 */
class OneWebhook {
  private readonly open = new Map<string, IncidentDetails | undefined>();
  private readonly locked = new Set<number>();
  /** Incidents this webhook opened, with their dedup keys. */
  private readonly opened = new Map<number, string>();
  private readonly joined = new Map<number, { incident: IncidentDetails; titles: string[] }>();

  constructor(private readonly tx: Tx) {}

  async openIncident(dedupKey: string): Promise<IncidentDetails | undefined> {
    if (!this.open.has(dedupKey)) this.open.set(dedupKey, await this.tx.incidents.openByDedupKey(dedupKey));
    return this.open.get(dedupKey);
  }

  /** The incident of `dedupKey` as this webhook left it (undefined once resolved). */
  changed(dedupKey: string, incident: IncidentDetails | undefined): void {
    this.open.set(dedupKey, incident);
  }

  async lock(incident: IncidentDetails): Promise<void> {
    if (this.locked.has(incident.id)) return;
    await this.tx.incidents.lock(incident.id);
    this.locked.add(incident.id);
  }

  opening(incident: IncidentDetails, dedupKey: string): void {
    this.opened.set(incident.id, dedupKey);
    this.locked.add(incident.id);
  }

  join(incident: IncidentDetails, title: string): void {
    if (this.opened.has(incident.id)) return;
    const entry = this.joined.get(incident.id) ?? { incident, titles: [] };
    entry.titles.push(title);
    this.joined.set(incident.id, entry);
  }

  /**
   * After every alert of the webhook: escalation starts for the incidents it opened (so their
   * timelines read the alerts, then the page; one acknowledged or resolved by a later alert of the
   * same webhook is not paged), and joins are announced.
   */
  async finish(now: Date): Promise<void> {
    for (const [id, dedupKey] of this.opened) {
      const latest = this.open.get(dedupKey);
      if (latest?.id === id) await startEscalation(this.tx, latest, now);
    }
    for (const { incident, titles } of this.joined.values()) {
      const ref = incidentRef(incident.number);
      const shown = titles.slice(0, MAX_TITLES_SHOWN).join('; ') + (titles.length > MAX_TITLES_SHOWN ? ` and ${titles.length - MAX_TITLES_SHOWN} more` : '');
      await notify(this.tx, incident, NOTICE.incidentMessage, { text: titles.length === 1 ? `Another alert joined ${ref}: ${shown}` : `${titles.length} more alerts joined ${ref}: ${shown}` });
    }
  }
}

const MAX_TITLES_SHOWN = 5;

async function ingestOne(tx: Tx, integration: IntegrationRecord, alert: IncomingAlert, now: Date, webhook: OneWebhook): Promise<IngestResult['incidents'][number]> {
  // The incident's dedup key; `alert.groupKey` stays the sender's, as the answer echoes it.
  const key = incidentKey(integration, alert.groupKey);
  const at = now.toISOString();
  const actor: Actor = { kind: 'source', id: integration.id };
  const open = await webhook.openIncident(key);
  const result = (incident: IncidentDetails, outcome: IngestOutcomeKind) => ({ ref: incidentRef(incident.number), dedupKey: alert.groupKey, outcome });

  if (alert.action === 'trigger' && !open) {
    const incident = await openNew(tx, integration, alert, key, now);
    webhook.opening(incident, key);
    webhook.changed(key, incident);
    return result(incident, 'opened');
  }
  if (!open) return { ref: '', dedupKey: alert.groupKey, outcome: 'ignored' };
  await webhook.lock(open);

  if (alert.action === 'acknowledge') {
    // The same acknowledgement as a person's: escalation stops, the reminder starts, channels are told.
    const acked = await acknowledge(tx, open, { actor }, now);
    if (!acked.ok) return result(open, 'ignored');
    webhook.changed(key, acked.incident);
    return result(open, 'acknowledged');
  }

  const existing = await tx.alerts.find(open.id, alert.fingerprint);
  switch (alertStep(existing?.status, alert.action)) {
    case 'opened':
      await tx.alerts.insert({ incidentId: open.id, fingerprint: alert.fingerprint, status: 'firing', title: alert.title, labels: alert.labels, details: alert.details, links: alert.links, lastSeenAt: at, ...times(alert) });
      await tx.timeline.append(open.id, { at, actor, kind: 'alert.firing', text: `Alert firing: ${alert.title}`, data: { fingerprint: alert.fingerprint, labels: alert.labels } });
      webhook.join(open, alert.title);
      return result(open, 'added');
    case 'repeat':
      await tx.alerts.touch(existing!.id, at);
      return result(open, 'repeated');
    case 'refire':
      await tx.alerts.setStatus(existing!.id, 'firing', at);
      await tx.timeline.append(open.id, { at, actor, kind: 'alert.firing', text: `Alert firing again: ${alert.title}`, data: { fingerprint: alert.fingerprint } });
      return result(open, 'added');
    case 'resolve':
      await tx.alerts.setStatus(existing!.id, 'resolved', at, alert.endsAt);
      await tx.timeline.append(open.id, { at, actor, kind: 'alert.resolved', text: `Alert resolved at the source: ${existing!.title}`, data: { fingerprint: alert.fingerprint } });
      return result(open, (await resolvedAtSource(tx, open, now, actor, key, webhook)) ? 'resolved' : 'added');
    case 'unknown':
      // A resolve for an alert the incident never had may still be the last word (a generic or
      // PagerDuty resolve by dedup key names no alert of its own).
      return result(open, (await resolvedAtSource(tx, open, now, actor, key, webhook)) ? 'resolved' : 'ignored');
  }
}

/** Resolves the incident when its service resolves automatically and no alert of it still fires. */
async function resolvedAtSource(tx: Tx, open: IncidentDetails, now: Date, actor: Actor, key: string, webhook: OneWebhook): Promise<boolean> {
  const service = open.serviceId ? await tx.catalog.service(open.serviceId) : undefined;
  if (!(service?.autoResolve ?? true) || (await tx.alerts.countFiring(open.id)) > 0) return false;
  const done = await resolve(tx, open, { actor }, now, 'every alert of the incident is resolved at the source');
  if (done.ok) webhook.changed(key, undefined);
  return done.ok;
}

async function openNew(tx: Tx, integration: IntegrationRecord, alert: IncomingAlert, dedupKey: string, now: Date): Promise<IncidentDetails> {
  const routed = route(await tx.catalog.routes(), alert.labels);
  const serviceId = routed?.serviceId ?? integration.serviceId ?? null;
  const severity = routed?.severity ?? alert.severity ?? DEFAULT_SEVERITY;
  const incident = await openIncident(tx, {
    title: alert.title,
    severity,
    serviceId,
    dedupKey,
    integrationId: integration.id,
    actor: { kind: 'source', id: integration.id },
    now,
    openedText: `Opened from ${integration.kind} alert "${alert.title}"${routed ? ` (route ${routed.routeIndex + 1} → ${serviceId}, ${severity})` : serviceId ? ` (default service ${serviceId})` : ''}`,
    links: alert.links,
    escalation: 'by-caller',
  });
  const at = now.toISOString();
  await tx.alerts.insert({ incidentId: incident.id, fingerprint: alert.fingerprint, status: 'firing', title: alert.title, labels: alert.labels, details: alert.details, links: alert.links, lastSeenAt: at, ...times(alert) });
  await tx.timeline.append(incident.id, { at, actor: { kind: 'source', id: integration.id }, kind: 'alert.firing', text: `Alert firing: ${alert.title}`, data: { fingerprint: alert.fingerprint, labels: alert.labels } });
  return incident;
}

function times(alert: IncomingAlert): { startsAt?: string; endsAt?: string } {
  return { ...(alert.startsAt ? { startsAt: alert.startsAt } : {}), ...(alert.endsAt ? { endsAt: alert.endsAt } : {}) };
}
