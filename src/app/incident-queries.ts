import { incidentRef, parseIncidentRef } from '../domain/incident/incident';
import type { IncidentStatus } from '../domain/incident/incident';
import { verifyChain, type ChainCheck, type TimelineEntry } from '../domain/timeline/timeline-entry';
import type { ChannelLink, IncidentDetails, Store } from './ports/store';

export interface IncidentSummaryJson {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly status: string;
  readonly severity: string;
  readonly service: string | null;
  readonly alert_count: number;
  readonly created_at: string;
  readonly acknowledged_at: string | null;
  readonly acknowledged_by: string | null;
  readonly resolved_at: string | null;
  readonly resolved_by: string | null;
  readonly assignee: string | null;
}

export interface IncidentShowJson extends IncidentSummaryJson {
  readonly timeline: readonly { at: string; actor: string; kind: string; text: string; data: unknown; seq: number; hash: string; prev_hash: string }[];
  readonly channels: readonly { platform: string; id: string; name: string }[];
}

export function incidentJson(i: IncidentDetails): IncidentSummaryJson {
  return {
    id: incidentRef(i.number),
    number: i.number,
    title: i.title,
    status: i.status,
    severity: i.severity,
    service: i.serviceId,
    alert_count: i.alertCount,
    created_at: i.createdAt,
    acknowledged_at: i.acknowledgedAt,
    acknowledged_by: i.acknowledgedBy,
    resolved_at: i.resolvedAt,
    resolved_by: i.resolvedBy,
    assignee: i.assignee,
  };
}

export function showJson(i: IncidentDetails, timeline: readonly TimelineEntry[], channels: readonly ChannelLink[]): IncidentShowJson {
  return {
    ...incidentJson(i),
    timeline: timeline.map((e) => ({ seq: e.seq, at: e.at, actor: `${e.actor.kind}:${e.actor.id}`, kind: e.kind, text: e.text, data: e.data, hash: e.hash, prev_hash: e.prevHash })),
    channels: channels.map((c) => ({ platform: c.platform, id: c.channelId, name: c.name })),
  };
}

export async function listIncidents(store: Store, filter: { status?: IncidentStatus; limit?: number } = {}): Promise<IncidentSummaryJson[]> {
  return (await store.read.incidents.list(filter)).map(incidentJson);
}

export type Found<T> = { ok: true; value: T } | { ok: false; message: string };

export async function findIncident(store: Store, ref: string): Promise<Found<IncidentDetails>> {
  const n = parseIncidentRef(ref);
  if (n === undefined) return { ok: false, message: `not an incident reference: ${JSON.stringify(ref)} (expected INC-<number>)` };
  const i = await store.read.incidents.byNumber(n);
  return i ? { ok: true, value: i } : { ok: false, message: `no incident ${incidentRef(n)}` };
}

export async function showIncident(store: Store, ref: string): Promise<Found<IncidentShowJson>> {
  const found = await findIncident(store, ref);
  if (!found.ok) return found;
  const [timeline, channels] = [await store.read.timeline.list(found.value.id), await store.read.channels.forIncident(found.value.id)];
  return { ok: true, value: showJson(found.value, timeline, channels) };
}

export async function verifyTimeline(store: Store, ref: string): Promise<Found<ChainCheck & { ref: string }>> {
  const found = await findIncident(store, ref);
  if (!found.ok) return found;
  return { ok: true, value: { ...verifyChain(await store.read.timeline.list(found.value.id)), ref: incidentRef(found.value.number) } };
}
