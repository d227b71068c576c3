import type { IncidentFacts, PagedPerson, PageFact } from '../../domain/summary/incident-stats';
import { plusLocalDays } from '../../domain/summary/local-time';
import type { SummaryInput } from '../../domain/summary/weekly-summary';
import { PAGED } from '../escalation/escalation-timers';
import { incidentRef } from '../../domain/incident/incident';
import type { SummaryRecord } from '../ports/catalog';
import type { IncidentDetails, Tx } from '../ports/store';
import { oncallUrl, publicUrlOf } from '../public-urls';

/** An override may start long before the span it still covers. */
const OVERRIDE_LOOKBEHIND_MS = 400 * 86_400_000;

/** `PUBLIC_URL/calendar/<rotation>.ics?token=…`, when Tocsin knows its public address. */
export function calendarUrl(publicUrl: string | undefined, rotationId: string, token: string | undefined): string | undefined {
  if (!publicUrl || !token) return undefined;
  return publicUrlOf(publicUrl, `/calendar/${encodeURIComponent(rotationId)}.ics?token=${encodeURIComponent(token)}`);
}

/** An incident counts for a summary when its escalation policy (as copied when it opened) pages one of the summary's rotations. */
function pagesRotation(incident: IncidentDetails, rotations: ReadonlySet<string>): boolean {
  return incident.escalationPolicy?.steps.some((s) => s.targets.some((t) => 'rotation' in t && rotations.has(t.rotation))) ?? false;
}

/** Loads what calcWeeklySummary needs for the run at `at`: rotations with overrides, last week's incidents and pages. */
export async function loadSummaryInput(tx: Tx, summary: SummaryRecord, at: Date, publicUrl?: string): Promise<SummaryInput> {
  const defaultZone = await tx.catalog.defaultTimezone();
  const rotations: SummaryInput['rotations'][number][] = [];
  for (const id of summary.rotations) {
    const rotation = await tx.catalog.rotation(id);
    if (!rotation) continue;
    const overrides = await tx.catalog.overrides(id, new Date(at.getTime() - OVERRIDE_LOOKBEHIND_MS), plusLocalDays(at, summary.timezone, 15));
    const url = calendarUrl(publicUrl, id, rotation.calendarToken);
    rotations.push({ rotation, overrides, ...(url ? { calendarUrl: url } : {}) });
  }
  const weekStart = plusLocalDays(at, summary.timezone, -7);
  const wanted = new Set(summary.rotations);
  const opened = (await tx.incidents.list({ since: weekStart.toISOString() })).filter((i) => Date.parse(i.createdAt) < at.getTime() && pagesRotation(i, wanted));
  const incidents: IncidentFacts[] = [];
  const pages: PageFact[] = [];
  for (const i of opened.sort((a, b) => a.number - b.number)) {
    const date = (iso: string | null) => (iso ? new Date(iso) : null);
    incidents.push({ ref: incidentRef(i.number), title: i.title, severity: i.severity, createdAt: new Date(i.createdAt), acknowledgedAt: date(i.acknowledgedAt), resolvedAt: date(i.resolvedAt) });
    for (const e of await tx.timeline.list(i.id)) {
      if (e.kind === PAGED && typeof e.data.person === 'string') pages.push({ at: new Date(e.at), personId: e.data.person });
    }
  }
  const people = new Map<string, PagedPerson>();
  for (const p of await tx.catalog.people()) people.set(p.id, { id: p.id, timezone: p.timezone ?? defaultZone, ...(p.workingHours ? { workingHours: p.workingHours } : {}) });
  const oncall = oncallUrl(publicUrl);
  return { id: summary.id, timezone: summary.timezone, rotations, incidents, pages, people, defaultZone, ...(oncall ? { oncallUrl: oncall } : {}) };
}
