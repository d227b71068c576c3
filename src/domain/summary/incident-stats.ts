import { isWorkingTime, type WorkingHours } from './working-hours';

/** An incident as the weekly numbers need it. */
export interface IncidentFacts {
  readonly ref: string;
  readonly title: string;
  readonly severity: string;
  readonly createdAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly resolvedAt: Date | null;
}

/** One person paged once, from the timeline. */
export interface PageFact {
  readonly at: Date;
  readonly personId: string;
}

export interface PagedPerson {
  readonly id: string;
  /** Zone their working hours are read in. */
  readonly timezone: string;
  readonly workingHours?: WorkingHours;
}

export interface DurationStats {
  readonly count: number;
  readonly meanMs: number;
  readonly medianMs: number;
}

export interface IncidentStats {
  readonly total: number;
  /** In severity order, only the severities seen. */
  readonly bySeverity: readonly { readonly severity: string; readonly count: number }[];
  readonly toAcknowledge: DurationStats | null;
  readonly toResolve: DurationStats | null;
  /** Not resolved by the end of the week. */
  readonly open: number;
  readonly longest: { readonly ref: string; readonly title: string; readonly durationMs: number; readonly open: boolean } | null;
  /** Most paged first. */
  readonly pages: readonly { readonly personId: string; readonly count: number; readonly outsideHours: number }[];
}

export function durationStats(values: readonly number[]): DurationStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: values.length, meanMs: sorted.reduce((s, v) => s + v, 0) / sorted.length, medianMs };
}

/**
 * The week's numbers. Incidents are those opened in the week; `end` is the week's end: an
 * acknowledgement or resolution after it has not happened yet as far as this week is concerned,
 * so a summary computed late (caught up after downtime) says what it would have said on time.
 */
export function incidentStats(incidents: readonly IncidentFacts[], pages: readonly PageFact[], people: ReadonlyMap<string, PagedPerson>, end: Date, defaultZone: string): IncidentStats {
  const by = (d: Date | null) => (d && d.getTime() <= end.getTime() ? d : null);
  const severities = [...new Set(incidents.map((i) => i.severity))].sort();
  let longest: IncidentStats['longest'] = null;
  for (const i of incidents) {
    const resolved = by(i.resolvedAt);
    const durationMs = (resolved ?? end).getTime() - i.createdAt.getTime();
    if (!longest || durationMs > longest.durationMs) longest = { ref: i.ref, title: i.title, durationMs, open: !resolved };
  }
  const counts = new Map<string, { count: number; outsideHours: number }>();
  for (const p of pages) {
    if (p.at.getTime() > end.getTime()) continue;
    const person = people.get(p.personId);
    const c = counts.get(p.personId) ?? { count: 0, outsideHours: 0 };
    c.count += 1;
    if (!isWorkingTime(p.at, person?.timezone ?? defaultZone, person?.workingHours)) c.outsideHours += 1;
    counts.set(p.personId, c);
  }
  return {
    total: incidents.length,
    bySeverity: severities.map((severity) => ({ severity, count: incidents.filter((i) => i.severity === severity).length })),
    toAcknowledge: durationStats(incidents.flatMap((i) => (by(i.acknowledgedAt) ? [i.acknowledgedAt!.getTime() - i.createdAt.getTime()] : []))),
    toResolve: durationStats(incidents.flatMap((i) => (by(i.resolvedAt) ? [i.resolvedAt!.getTime() - i.createdAt.getTime()] : []))),
    open: incidents.filter((i) => !by(i.resolvedAt)).length,
    longest,
    pages: [...counts].map(([personId, c]) => ({ personId, ...c })).sort((a, b) => b.count - a.count || a.personId.localeCompare(b.personId)),
  };
}
