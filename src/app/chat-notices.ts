import { incidentRef } from '../domain/incident/incident';
import type { Catalog, ChatTarget, Person } from './ports/catalog';
import { OUTBOX_PRIORITY } from './ports/outbox';
import type { IncidentDetails, Tx } from './ports/store';
import { NOTICE, type IncidentNoticeKind, type NoticeInput } from './outbox/notice-contracts';

/**
 * The messages a change must send to chat, written to the outbox in the change's own transaction.
 * Kinds and what each carries: src/app/outbox/notice-contracts.ts (the platform adapters render each).
 * With no chat configured for the service, the `local` platform logs them (local mode).
 * A notice's `text` may carry `mentions`: the person ids it names on purpose. Chat turns `@id`
 * into a real mention for those alone; any other `@word` (in a title, a note, an alert) is text.
 */

export interface IncidentView {
  readonly id: number;
  readonly ref: string;
  readonly number: number;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly serviceId: string | null;
  readonly createdAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly assignee: string | null;
}

export function incidentView(i: IncidentDetails): IncidentView {
  return {
    id: i.id,
    ref: incidentRef(i.number),
    number: i.number,
    title: i.title,
    severity: i.severity,
    status: i.status,
    serviceId: i.serviceId,
    createdAt: i.createdAt,
    acknowledgedAt: i.acknowledgedAt,
    acknowledgedBy: i.acknowledgedBy,
    resolvedAt: i.resolvedAt,
    resolvedBy: i.resolvedBy,
    assignee: i.assignee,
  };
}

export async function chatTargets(catalog: Catalog, serviceId: string | null): Promise<readonly ChatTarget[]> {
  const service = serviceId ? await catalog.service(serviceId) : undefined;
  return service?.chat.length ? service.chat : [{ platform: 'local' as never }];
}

export async function peopleByIds(catalog: Catalog, ids: readonly string[]): Promise<Person[]> {
  const out: Person[] = [];
  for (const id of new Set(ids)) out.push((await catalog.person(id)) ?? { id });
  return out;
}

/**
 * Platforms whose deliverer can page before the incident's channel exists: Slack sends the direct
 * messages and posts in the announce channel, local mode logs. There a page has an ordering key of
 * its own, so it never waits for its incident's channel, announcement or updates (pages of one
 * incident still keep their order). Teams threads a page under the incident's card, so its pages
 * keep their place behind the announcement; all are claimed before any other row.
 */
const PAGES_ALONE: ReadonlySet<string> = new Set(['slack', 'local']);

/** Whether the platform pages without the incident's channel, so a storm may hold that channel back (src/app/storm/). */
export const pagesWithoutChannel = (platform: string): boolean => PAGES_ALONE.has(platform);

/**
 * Platforms whose deliverer archives an incident's channel after `archive_after`: Slack, and local
 * mode, which logs it. Teams keeps its channels and threads (there is nothing to archive in a
 * thread, and Tocsin does not archive Graph channels), so no archive notice is written for it.
 */
const ARCHIVES: ReadonlySet<string> = new Set(['slack', 'local']);
export const archivesChannels = (platform: string): boolean => ARCHIVES.has(platform);

/** The outbox order of a notice: pages first, and on their own key where the platform allows. */
export function noticeOrder(platform: string, incidentId: number, kind: string): { priority: number; orderingKey: string } {
  const key = `${platform}:incident:${incidentId}`;
  if (kind !== NOTICE.incidentPage) return { priority: OUTBOX_PRIORITY.normal, orderingKey: key };
  return { priority: OUTBOX_PRIORITY.page, orderingKey: PAGES_ALONE.has(platform) ? `${key}:page` : key };
}

/**
 * The dedup key of a notice for the `i`-th chat target of a service: per target, not per platform
 * (a service may have two Teams targets, a bot channel and a notify-only webhook); the first
 * target's key is the platform's alone, as it was before services had several.
 */
export const targetDedupKey = (platform: string, i: number, key: string): string => `${platform}:${i === 0 ? '' : `${i}:`}${key}`;

/**
 * Enqueues one message per chat target of the incident's service. `dedupKey` (optional) makes the
 * enqueue idempotent per target, e.g. `opened:<incident id>`. `only` picks some of the targets.
 */
export async function notify<K extends IncidentNoticeKind>(tx: Tx, incident: IncidentDetails, kind: K, extra: Omit<NoticeInput<K>, 'incident' | 'target'>, dedupKey?: string, only?: (target: ChatTarget) => boolean): Promise<void> {
  const targets = await chatTargets(tx.catalog, incident.serviceId);
  const view = incidentView(incident);
  for (const [i, target] of targets.entries()) {
    if (only && !only(target)) continue;
    await tx.outbox.enqueue({
      platform: target.platform,
      ...noticeOrder(target.platform, incident.id, kind),
      kind,
      payload: { incident: view, target, ...extra },
      ...(dedupKey ? { dedupKey: targetDedupKey(target.platform, i, dedupKey) } : {}),
    });
  }
}
