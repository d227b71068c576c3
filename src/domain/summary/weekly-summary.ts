import type { Override } from '../oncall/override';
import type { Rotation } from '../oncall/rotation';
import { rotationMembersBetween, type Shift } from '../oncall/shifts';
import { incidentStats, type IncidentFacts, type IncidentStats, type PagedPerson, type PageFact } from './incident-stats';
import { clockChanges, plusLocalDays, type ClockChange } from './local-time';
import { wholeShiftsOverlapping } from './whole-shifts';

/**
 * The weekly rotation summary as data: who is on call this week and next, the overrides in that
 * span, the clock changes that move a handoff's UTC time, and last week's incident numbers.
 * Pure: everything is loaded by the caller and `at` (the run the summary is for) is passed in,
 * so a late (caught-up) post says exactly what the on-time one would have.
 */
export interface SummaryInput {
  readonly id: string;
  /** The summary's zone: weeks are counted in its local days (a week is 167 h across spring-forward). */
  readonly timezone: string;
  readonly rotations: readonly { readonly rotation: Rotation; readonly overrides: readonly Override[]; readonly calendarUrl?: string }[];
  /** Incidents opened last week, with their pages. */
  readonly incidents: readonly IncidentFacts[];
  readonly pages: readonly PageFact[];
  readonly people: ReadonlyMap<string, PagedPerson>;
  readonly defaultZone: string;
  /** `PUBLIC_URL/oncall`: every rotation in a browser, when Tocsin knows its public address. */
  readonly oncallUrl?: string;
}

export interface OverrideLine {
  readonly personId: string;
  /** Whom the rotation had on call in that span. */
  readonly covers: readonly string[];
  readonly start: Date;
  readonly end: Date;
}

export interface RotationWeek {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  /** Shifts running at some point of this week, whole (not cut at the week's edges). */
  readonly thisWeek: readonly Shift[];
  /** Shifts that start next week. */
  readonly nextWeek: readonly Shift[];
  readonly overrides: readonly OverrideLine[];
  readonly clockChanges: readonly ClockChange[];
  readonly calendarUrl?: string;
}

export interface WeeklySummary {
  readonly id: string;
  readonly timezone: string;
  readonly lastWeek: { readonly start: Date; readonly end: Date };
  readonly thisWeek: { readonly start: Date; readonly end: Date };
  readonly nextWeekEnd: Date;
  readonly rotations: readonly RotationWeek[];
  readonly stats: IncidentStats;
  readonly oncallUrl?: string;
}

export function calcWeeklySummary(input: SummaryInput, at: Date): WeeklySummary {
  const zone = input.timezone;
  const lastStart = plusLocalDays(at, zone, -7);
  const nextStart = plusLocalDays(at, zone, 7);
  const nextEnd = plusLocalDays(at, zone, 14);
  const rotations = input.rotations.map(({ rotation, overrides, calendarUrl }): RotationWeek => {
    const shifts = wholeShiftsOverlapping(rotation, overrides, at, nextEnd);
    const inSpan = overrides.filter((o) => Date.parse(o.start) < nextEnd.getTime() && Date.parse(o.end) > at.getTime());
    return {
      id: rotation.id,
      name: rotation.name ?? rotation.id,
      timezone: rotation.timezone,
      thisWeek: shifts.filter((s) => s.start < nextStart),
      nextWeek: shifts.filter((s) => s.start >= nextStart && s.start < nextEnd),
      overrides: inSpan.map((o) => overrideLine(rotation, o)),
      clockChanges: clockChanges(rotation.timezone, at, nextEnd),
      ...(calendarUrl ? { calendarUrl } : {}),
    };
  });
  return {
    id: input.id,
    timezone: zone,
    lastWeek: { start: lastStart, end: at },
    thisWeek: { start: at, end: nextStart },
    nextWeekEnd: nextEnd,
    rotations,
    stats: incidentStats(input.incidents, input.pages, input.people, at, input.defaultZone),
    ...(input.oncallUrl ? { oncallUrl: input.oncallUrl } : {}),
  };
}

function overrideLine(rotation: Rotation, o: Override): OverrideLine {
  const start = new Date(o.start);
  const end = new Date(o.end);
  const covers = rotationMembersBetween(rotation, start, end).filter((p) => p !== o.personId);
  return { personId: o.personId, covers, start, end };
}
