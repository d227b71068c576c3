import { incidentRef } from '../../domain/incident/incident';
import { verifyChain, type ChainCheck, type TimelineEntry } from '../../domain/timeline/timeline-entry';
import type { ServiceRecord } from '../ports/catalog';
import type { IncidentDetails, IncidentPageFilter, StoredAlert, Store } from '../ports/store';

export const INCIDENTS_PER_PAGE = 50;

export interface IncidentList {
  readonly incidents: readonly IncidentDetails[];
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
  readonly services: readonly ServiceRecord[];
}

/** `/incidents`: one page of incidents, open ones first, and the services to filter by. */
export async function incidentList(store: Store, filter: Omit<IncidentPageFilter, 'offset' | 'limit'>, page: number): Promise<IncidentList> {
  const wanted = Math.max(1, Math.floor(page));
  const found = await store.read.incidents.page({ ...filter, offset: (wanted - 1) * INCIDENTS_PER_PAGE, limit: INCIDENTS_PER_PAGE });
  return { ...found, page: wanted, pages: Math.max(1, Math.ceil(found.total / INCIDENTS_PER_PAGE)), services: await store.read.catalog.services() };
}

export interface IncidentFile {
  readonly ref: string;
  readonly incident: IncidentDetails;
  readonly alerts: readonly StoredAlert[];
  readonly timeline: readonly TimelineEntry[];
  /** The hash chain checked on the server, over exactly the entries shown. */
  readonly chain: ChainCheck;
}

/** `/incidents/INC-n`: the incident, its alerts and its whole timeline, with the chain verified. */
export async function incidentFile(store: Store, number: number): Promise<IncidentFile | undefined> {
  const incident = await store.read.incidents.byNumber(number);
  if (!incident) return undefined;
  const [alerts, timeline] = [await store.read.alerts.listFor(incident.id), await store.read.timeline.list(incident.id)];
  return { ref: incidentRef(incident.number), incident, alerts, timeline, chain: verifyChain(timeline) };
}
