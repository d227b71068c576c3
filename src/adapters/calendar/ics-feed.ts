import ical, { ICalEventTransparency } from 'ical-generator';
import type { Shift } from '../../domain/oncall/shifts';
import { formatLocal } from '../../domain/summary/local-time';

export interface FeedInput {
  readonly rotation: { readonly id: string; readonly name?: string; readonly timezone: string };
  readonly shifts: readonly Shift[];
  /** Display names by person id (the id itself when none). */
  readonly names: ReadonlyMap<string, string>;
  /** DTSTAMP of every event: when the feed was made. */
  readonly now: Date;
}

/**
 * A rotation's shifts as an RFC 5545 calendar. Times are written in UTC (`DTSTART:…Z`), RFC 5545's
 * form for absolute instants: no VTIMEZONE is needed, no client can read a handoff an hour off
 * across a clock change, and every calendar shows the shift in its user's own zone. The rotation's
 * zone is given as `X-WR-TIMEZONE` and in each description, with the local times spelled out.
 * An event's UID is the rotation, the shift's start and the person, so a refresh updates an
 * event in place and an override that replaces someone shows as a new event.
 */
export function icsFeed({ rotation, shifts, names, now }: FeedInput): string {
  const name = rotation.name ?? rotation.id;
  const cal = ical({ name: `On call: ${name}`, prodId: { company: 'tocsin', product: 'tocsin', language: 'EN' }, ttl: 60 * 60 });
  cal.x('X-WR-TIMEZONE', rotation.timezone);
  for (const s of shifts) {
    const who = names.get(s.personId) ?? s.personId;
    cal.createEvent({
      id: `${rotation.id}/${s.start.toISOString()}/${s.personId}@tocsin`,
      start: s.start,
      end: s.end,
      stamp: now,
      summary: `On call: ${who}${s.overrideId ? ' (override)' : ''}`,
      description: `${name}: ${who} (${s.personId}) is on call from ${formatLocal(s.start, rotation.timezone)} to ${formatLocal(s.end, rotation.timezone)} (${rotation.timezone}).`,
      transparency: ICalEventTransparency.TRANSPARENT,
      x: { 'X-TOCSIN-PERSON': s.personId, ...(s.overrideId ? { 'X-TOCSIN-OVERRIDE': 'TRUE' } : {}) },
    });
  }
  return cal.toString();
}
