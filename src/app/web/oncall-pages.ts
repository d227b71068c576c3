import { calendarWeeks, weekStartOf, weeksEnd, type CalendarWeek } from '../../domain/oncall/calendar-weeks';
import { shiftsBetween, type Shift } from '../../domain/oncall/shifts';
import { wholeShiftsOverlapping } from '../../domain/summary/whole-shifts';
import { onCallFor, type OnCallJson } from '../oncall-query';
import type { Person, RotationRecord } from '../ports/catalog';
import type { Store } from '../ports/store';
import { calendarUrl } from '../summary/summary-inputs';

const LOOKBEHIND_MS = 400 * 86_400_000;

/** Display names by person id, for everyone the policy file or chat made; others show as their id. */
export async function peopleNames(store: Store): Promise<ReadonlyMap<string, string>> {
  return new Map((await store.read.catalog.people()).flatMap((p: Person) => (p.name ? [[p.id, p.name] as const] : [])));
}

/** `/oncall`: every rotation, who is on call now, until when, and who is next. */
export async function oncallBoard(store: Store, now: Date): Promise<readonly { readonly rotation: RotationRecord; readonly now: OnCallJson }[]> {
  const catalog = store.read.catalog;
  const rotations = [...(await catalog.rotations())].sort((a, b) => a.id.localeCompare(b.id));
  return Promise.all(rotations.map(async (rotation) => ({ rotation, now: await onCallFor(catalog, rotation, now) })));
}

/** Shifts of [from, to), cut at its edges, or (`whole`) each shown whole however the span cuts it. */
async function shiftsOf(store: Store, rotation: RotationRecord, from: Date, to: Date, whole = false): Promise<Shift[]> {
  const overrides = await store.read.catalog.overrides(rotation.id, new Date(from.getTime() - LOOKBEHIND_MS), new Date(to.getTime() + LOOKBEHIND_MS));
  return (whole ? wholeShiftsOverlapping : shiftsBetween)(rotation, overrides, from, to);
}

export interface RotationCalendar {
  readonly rotation: RotationRecord;
  readonly weeks: readonly CalendarWeek[];
  /** The iCal feed to subscribe to: absolute under PUBLIC_URL, else a path on this server. */
  readonly icalUrl?: string;
}

/** `/rotations/<id>`: `weeks` weeks of shifts and overrides from this week's Monday, drawn in `zone`. */
export async function rotationCalendar(store: Store, id: string, deps: { now: Date; zone: string; weeks: number; publicUrl?: string }): Promise<RotationCalendar | undefined> {
  const rotation = await store.read.catalog.rotation(id);
  if (!rotation) return undefined;
  const from = weekStartOf(deps.now, deps.zone);
  const shifts = await shiftsOf(store, rotation, from, weeksEnd(from, deps.zone, deps.weeks));
  const icalUrl = calendarUrl(deps.publicUrl ?? '/', rotation.id, rotation.calendarToken);
  return { rotation, weeks: calendarWeeks(shifts, deps.zone, from, deps.weeks), ...(icalUrl ? { icalUrl } : {}) };
}

/** `/me`: the person's own shifts on every rotation (overrides included) over the next `days` days. */
export async function myShifts(store: Store, personId: string, now: Date, days: number): Promise<readonly { readonly rotation: RotationRecord; readonly shift: Shift }[]> {
  const to = new Date(now.getTime() + days * 86_400_000);
  const out: { rotation: RotationRecord; shift: Shift }[] = [];
  for (const rotation of await store.read.catalog.rotations()) {
    for (const shift of await shiftsOf(store, rotation, now, to, true)) if (shift.personId === personId) out.push({ rotation, shift });
  }
  return out.sort((a, b) => a.shift.start.getTime() - b.shift.start.getTime());
}
